/** Size limits for one input, and the wording of the error when an input is over them. */
import { gunzipSync } from 'node:zlib';

export const MEBIBYTE = 1024 * 1024;
export const DEFAULT_MAX_BYTES = 20 * MEBIBYTE;

/** `52,428,800 bytes is over the 20 MiB limit for one input (use --max-bytes to raise it)` */
export function oversizeMessage(size: number | string, limit: number): string {
  const sizeText = typeof size === 'number' ? `${groupDigits(size)} bytes` : size;
  return `${sizeText} is over the ${describeLimit(limit)} limit for one input (use --max-bytes to raise it)`;
}

/** A limit as people write it: `20 MiB`, `512 KiB`, or plain bytes when it is not a round size. */
export function describeLimit(bytes: number): string {
  if (bytes >= MEBIBYTE && bytes % MEBIBYTE === 0) return `${groupDigits(bytes / MEBIBYTE)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${groupDigits(bytes / 1024)} KiB`;
  return `${groupDigits(bytes)} bytes`;
}

function groupDigits(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Decompresses gzip data without letting it grow past the limit (a small file can hold a huge payload): the
 * bytes, or the error to report for the input.
 */
export function gunzipWithin(bytes: Uint8Array, maxBytes: number): { bytes: Uint8Array } | { error: string } {
  try {
    return { bytes: gunzipSync(bytes, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') {
      return { error: oversizeMessage(`more than ${groupDigits(maxBytes)} bytes once decompressed`, maxBytes) };
    }
    return { error: `not valid gzip data: ${error instanceof Error ? error.message : String(error)}` };
  }
}
