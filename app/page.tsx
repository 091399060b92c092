import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/session";

export default async function Home() {
  if (await currentUser()) redirect("/projects");
  return (
    <main>
      <section className="landing-hero">
        <h1>Systematic reviews of neuroimaging studies, from search to PRISMA, in one place</h1>
        <p>
          Import search results from PubMed, Embase, Web of Science and CNKI, screen them blind with a co-reviewer,
          extract coordinates and outcomes, score quality, lock the dataset, and run ALE, SDM and effect-size
          meta-analyses with publication-ready figures.
        </p>
        <div className="row" style={{ justifyContent: "center", marginTop: 22 }}>
          <Link className="button primary" href="/signup">Create an account</Link>
          <Link className="button" href="/signin">Sign in</Link>
        </div>
      </section>
    </main>
  );
}
