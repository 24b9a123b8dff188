import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM packages are loaded by Node at run time rather than bundled: PGlite reads its data files
  // relative to its own module, and argon2 and the FSRS optimizer (@open-spaced-repetition/binding) are compiled addons.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "postgres", "@open-spaced-repetition/binding"],
  // forbidden() renders app/forbidden.tsx with a 403 status for a signed-in user without the role.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
