/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages are loaded by Node at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "@napi-rs/canvas", "pg-boss", "postgres", "nifti-reader-js"],
  poweredByHeader: false,
  // Type errors are caught by `npm run typecheck` (run in CI); the build need not type-check twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
