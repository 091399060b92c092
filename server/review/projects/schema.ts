import { z } from "zod";
import { roles } from "@/db/schema";
import { emailSchema } from "../accounts/schema";

export const projectFieldsSchema = z.object({
  title: z.string().trim().min(3, "Give the review a title of at least 3 characters.").max(300),
  reviewQuestion: z.string().trim().max(2000).default(""),
  registrationId: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => (v ? v : undefined)),
  description: z.string().trim().max(10000).default(""),
});
export type ProjectFields = z.input<typeof projectFieldsSchema>;

export const roleSchema = z.enum(roles);
export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
