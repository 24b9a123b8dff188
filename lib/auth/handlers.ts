import { handlers } from "./index";

// Auth.js's own endpoints (session, CSRF token, OAuth callbacks), re-exported for app/api/auth/[...nextauth].
export const { GET, POST } = handlers;
