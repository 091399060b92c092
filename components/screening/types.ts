import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;
export type RecordView = NonNullable<Outputs["screening"]["next"]["record"]>;
export type Settings = Outputs["screening"]["settings"];
export type ConflictItem = Outputs["conflicts"]["list"][number];
export type FullTextItem = Outputs["fullText"]["list"][number];
export type PairAgreement = Outputs["screening"]["agreement"][number];
export type Stage = "title_abstract" | "full_text";
export const stageLabel: Record<Stage, string> = { title_abstract: "Title & abstract", full_text: "Full text" };
