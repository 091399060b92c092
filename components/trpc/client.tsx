"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, retry: (count, error) => !(error instanceof TRPCClientError) && count < 2 },
    },
  });
}

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message to show a person for a failed call: zod field messages first, then the server's. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const zodError = (error.data as { zodError?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] } } | undefined)?.zodError;
    const fieldMessages = zodError ? [...(zodError.formErrors ?? []), ...Object.values(zodError.fieldErrors ?? {}).flat()] : [];
    if (fieldMessages.length) return fieldMessages.join(" ");
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
