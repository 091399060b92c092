import { loadImage, createCanvas, PDFDocument, type SKRSContext2D } from "@napi-rs/canvas";
import { prismaCsv, type PrismaCounts } from "@/components/prisma/prisma-model";
import { renderPrismaSvg } from "@/components/prisma/prisma-svg";

export type PrismaFormat = "svg" | "png" | "pdf" | "csv";

export const prismaContentTypes: Record<PrismaFormat, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
};

/**
 * The diagram in each export format. PNG is drawn at 300 dpi (scale 300/96) for print; the PDF
 * page has the SVG's size in points, drawn by Skia so text and lines stay vector.
 */
export async function renderPrisma(counts: PrismaCounts, format: PrismaFormat): Promise<Uint8Array> {
  if (format === "csv") return new TextEncoder().encode(prismaCsv(counts));
  const svg = renderPrismaSvg(counts);
  if (format === "svg") return new TextEncoder().encode(svg);
  const image = await loadImage(Buffer.from(svg));
  if (format === "png") {
    const scale = 300 / 96;
    const canvas = createCanvas(Math.ceil(image.width * scale), Math.ceil(image.height * scale));
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0);
    return canvas.toBuffer("image/png");
  }
  const doc = new PDFDocument({ title: "PRISMA 2020 flow diagram", creator: "Concord" } as never);
  // the page context is Skia's, typed as the DOM one in this version
  const ctx = doc.beginPage(image.width, image.height) as unknown as SKRSContext2D;
  ctx.drawImage(image, 0, 0);
  doc.endPage();
  return doc.close();
}
