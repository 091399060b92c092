"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

export function NewProjectForm({ onCancel }: { onCancel?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
        router.push(`/projects/${project.id}`);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  return (
    <form
      className="card"
      action={(form) => {
        setError(null);
        create.mutate({
          title: String(form.get("title")),
          reviewQuestion: String(form.get("reviewQuestion") ?? ""),
          registrationId: String(form.get("registrationId") ?? ""),
          description: String(form.get("description") ?? ""),
        });
      }}
    >
      <h2>New review project</h2>
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="field">
        <label htmlFor="title">Title</label>
        <input id="title" name="title" type="text" required minLength={3} placeholder="e.g. Resting-state abnormalities in chronic low back pain" autoFocus />
      </div>
      <div className="field">
        <label htmlFor="reviewQuestion">Review question</label>
        <textarea id="reviewQuestion" name="reviewQuestion" placeholder="Population, exposure/intervention, comparator, outcome" />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="registrationId">Registration (PROSPERO id, optional)</label>
          <input id="registrationId" name="registrationId" type="text" placeholder="CRD42024…" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="description">Description</label>
        <textarea id="description" name="description" placeholder="Scope, notes for the team" />
      </div>
      <div className="row">
        <button className="primary" type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create project"}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
