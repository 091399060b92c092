import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/components/trpc/client";
import { TopBar } from "@/components/layout/top-bar";
import { currentUser } from "@/server/session";
import "./globals.css";

export const metadata: Metadata = {
  title: "Concord — systematic reviews and neuroimaging meta-analysis",
  description: "From database search to PRISMA diagram: import, blind screening, extraction, ALE/SDM and effect-size meta-analysis.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <TrpcProviders>
          <TopBar user={user} />
          {children}
        </TrpcProviders>
      </body>
    </html>
  );
}
