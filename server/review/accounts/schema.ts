import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address." }));

export const signUpSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter your name.").max(120),
  password: z.string().min(8, "Use at least 8 characters.").max(200),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
