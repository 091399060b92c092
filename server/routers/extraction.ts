import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getComparison, getMyExtraction, listExtractionStatus, reopenExtraction, saveConsensus, saveDraft, submitExtraction } from "@/server/review/extraction/extractions";
import { getActiveForm, listFormVersions, saveForm } from "@/server/review/extraction/forms";
import { previewPaste, pasteOptionsSchema } from "@/server/review/extraction/paste-preview";

const projectId = z.object({ projectId: z.string() });
const study = projectId.extend({ studyId: z.uuid() });
const draft = z.object({ fields: z.record(z.string(), z.unknown()), experiments: z.record(z.string(), z.unknown()) });

/** Extraction forms, blind dual extraction, comparison and consensus. */
export const extractionRouter = router({
  form: member("viewer").input(projectId).query(({ ctx, input }) => getActiveForm(ctx.db, input.projectId)),
  formVersions: member("viewer").input(projectId).query(({ ctx, input }) => listFormVersions(ctx.db, input.projectId)),
  saveForm: member("owner")
    .input(projectId.extend({ name: z.string().max(200), definition: z.unknown() }))
    .mutation(({ ctx, input }) => callService(() => saveForm(ctx.db, ctx.user.id, input.projectId, input))),
  status: member("viewer").input(projectId).query(({ ctx, input }) => listExtractionStatus(ctx.db, input.projectId, ctx.user.id)),
  mine: member("reviewer").input(study).query(({ ctx, input }) => callService(() => getMyExtraction(ctx.db, input.projectId, input.studyId, ctx.user.id))),
  saveDraft: member("reviewer")
    .input(study.extend({ draft }))
    .mutation(({ ctx, input }) => callService(() => saveDraft(ctx.db, ctx.user.id, input.projectId, input.studyId, input.draft))),
  submit: member("reviewer").input(study).mutation(({ ctx, input }) => callService(() => submitExtraction(ctx.db, ctx.user.id, input.projectId, input.studyId))),
  reopen: member("reviewer").input(study).mutation(({ ctx, input }) => callService(() => reopenExtraction(ctx.db, ctx.user.id, input.projectId, input.studyId))),
  compare: member("reviewer").input(study).query(({ ctx, input }) => callService(() => getComparison(ctx.db, input.projectId, input.studyId, ctx.user.id, ctx.role))),
  saveConsensus: member("reviewer")
    .input(study.extend({ draft, rationale: z.string().max(5000) }))
    .mutation(({ ctx, input }) => callService(() => saveConsensus(ctx.db, ctx.user.id, ctx.role, input.projectId, input.studyId, input.draft, input.rationale))),
  previewPaste: member("reviewer")
    .input(projectId.extend({ text: z.string().max(200_000), options: pasteOptionsSchema }))
    // A mutation only so that long pasted tables go in the request body, not the URL; nothing is written.
    .mutation(({ input }) => previewPaste(input.text, input.options)),
});
