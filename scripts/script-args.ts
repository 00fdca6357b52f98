/** What the training scripts share: a usage message on bad arguments, and whole-number options. */
export function scriptArguments(script: string, usageLine: string): {
  usage: (problem: string) => never;
  wholeNumber: (name: string, value: string | undefined, min: number) => number;
} {
  const usage = (problem: string): never => {
    console.error(`${script}: ${problem}`);
    console.error(`usage: ${usageLine}`);
    process.exit(2);
  };
  const wholeNumber = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be a whole number of at least ${min}, got "${value}"`);
    return n;
  };
  return { usage, wholeNumber };
}
