/** Size limits for one input, and the wording of the error when an input is over them. */

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
