import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response: the web app and the API documentation load only
 * their own files. Neither has an inline script (Vite emits module files; Swagger UI loads its
 * initializer as a file), so script-src needs no 'unsafe-inline' and an injected <script> cannot
 * run. Styles keep 'unsafe-inline': antd and Swagger UI set style attributes and inject <style>
 * elements at run time (CSS-in-JS), which a style cannot turn into script execution.
 * Images may be data:/blob: URLs (Swagger UI's icons, ECharts' image export).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Defensive headers on every response, API and web app alike. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    // A route with a stricter policy of its own (attachment downloads: `sandbox`) keeps it.
    if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  });
}
