"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { errorMessage, useTRPC } from "@/components/trpc/client";

interface Fields {
  title: string;
  reviewQuestion: string;
  registrationId: string;
  description: string;
}

export function ProjectSettingsForm({ projectId, initial }: { projectId: string; initial: Fields }) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.projects.update.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      className="card"
      action={(form) =>
        update.mutate({
          projectId,
          title: String(form.get("title")),
          reviewQuestion: String(form.get("reviewQuestion")),
          registrationId: String(form.get("registrationId")),
          description: String(form.get("description")),
        })
      }
    >
      {update.error && <div className="alert error" role="alert">{errorMessage(update.error)}</div>}
      {update.isSuccess && <div className="alert ok">Saved.</div>}
      <div className="field"><label htmlFor="title">Title</label><input id="title" name="title" type="text" defaultValue={initial.title} required /></div>
      <div className="field"><label htmlFor="rq">Review question</label><textarea id="rq" name="reviewQuestion" defaultValue={initial.reviewQuestion} /></div>
      <div className="field"><label htmlFor="reg">Registration (PROSPERO id)</label><input id="reg" name="registrationId" type="text" defaultValue={initial.registrationId} /></div>
      <div className="field"><label htmlFor="desc">Description</label><textarea id="desc" name="description" defaultValue={initial.description} /></div>
      <button className="primary" type="submit" disabled={update.isPending}>Save</button>
    </form>
  );
}
