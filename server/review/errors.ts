import { TRPCError } from "@trpc/server";

/**
 * Domain errors raised by services. Routers turn them into tRPC errors in one place
 * (`toTrpcError`), so services stay free of transport concerns.
 */
export type AppErrorCode = "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "BAD_REQUEST" | "PRECONDITION_FAILED" | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function toTrpcError(error: unknown): unknown {
  if (error instanceof AppError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  return error;
}

/** Runs a service call and maps its AppErrors to TRPCErrors. */
export async function callService<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toTrpcError(error);
  }
}
