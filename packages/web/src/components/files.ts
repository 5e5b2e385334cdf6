import { call } from '../api/client.js';

/** Reads a file in the browser and answers its content as base64 (without the data-URL prefix). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The file name a `Content-Disposition` header proposes, preferring the UTF-8 form (`filename*=UTF-8''…`). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const utf8 = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (utf8?.[1]) {
    try {
      return decodeURIComponent(utf8[1].trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2])?.trim() || null;
}

/**
 * Awaits a client call made with `parseAs: 'blob'` and saves its body as a file in the browser,
 * under the name the server proposes (else `fallbackName`). Errors are thrown as `ApiError`, like `call`.
 */
export async function downloadFile(request: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<string> {
  let response: Response | undefined;
  const blob = await call(
    request.then((result) => {
      response = result.response;
      return result;
    }),
  );
  const name = fileNameOf(response?.headers.get('Content-Disposition') ?? null) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; keep the URL a little for slow starts.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
