import { z } from "zod";
import { member, router } from "@/server/trpc";
import { renderPrismaSvg } from "@/components/prisma/prisma-svg";
import { getPrismaReport } from "@/server/review/prisma/get-prisma-counts";

export const prismaRouter = router({
  /** The live diagram: counts, the SVG, and whether the arithmetic closes. */
  diagram: member("viewer")
    .input(z.object({ projectId: z.string() }))
    .query(async ({ ctx, input }) => {
      const report = await getPrismaReport(ctx.db, input.projectId);
      return { ...report, svg: renderPrismaSvg(report.counts) };
    }),
});
