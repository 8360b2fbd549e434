// Command-line options shared by the benchmark scripts: `--name value`.
const args = process.argv.slice(2);

/** The value after `--name`, or `fallback`. */
export function opt(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
