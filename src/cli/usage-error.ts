/** The CLI's own error for bad input or configuration: exit code 2, nothing sent. */

/** One problem with the input: where (a flag, an argument, a variable) and what. */
export interface InputIssue {
  /** A flag (`--timeout`), an argument (`<taskId>`), an environment variable, or `''`. */
  where: string;
  message: string;
}

/**
 * Bad input or configuration, found before anything was sent. Either a list of
 * issues (each with where it is) or one message.
 *
 * @example
 * throw new UsageError([{ where: '--timeout', message: 'must be a duration such as 20m' }]);
 */
export class UsageError extends Error {
  static {
    this.prototype.name = 'UsageError';
  }
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[] | string) {
    const list = typeof issues === 'string' ? [] : issues;
    super(
      typeof issues === 'string'
        ? issues
        : list.map((i) => (i.where ? `${i.where}: ${i.message}` : i.message)).join('; '),
    );
    this.issues = list;
  }
}

/**
 * Throws a {@link UsageError} listing `issues`, if there are any.
 *
 * @example
 * const issues: InputIssue[] = [...parsed.issues];
 * if (!values.out) issues.push({ where: '--out', message: 'is required' });
 * throwIfIssues(issues); // before anything is sent
 */
export function throwIfIssues(issues: InputIssue[]): void {
  if (issues.length > 0) throw new UsageError(issues);
}
