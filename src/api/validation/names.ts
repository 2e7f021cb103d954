/**
 * Name and label rules from apimachinery's pkg/util/validation, with its messages word for word: a user
 * who mistypes a name gets the error a real API server would give.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL}$`);
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL}$`);
const qualifiedNameRe = new RegExp(`^${QUALIFIED_NAME}$`);
const labelValueRe = new RegExp(`^${LABEL_VALUE}$`);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;

const maxLenMsg = (n: number) => `must be no more than ${n} characters`;

function regexError(what: string, re: string, examples: string[]): string {
  const ex = examples.map((e) => `'${e}'`).join(',  or ');
  return `${what} (e.g. ${ex}, regex used for validation is '${re}')`;
}

/** Names of most objects. Returns the problems; empty when valid. */
export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLenMsg(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123SubdomainRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        ['example.com'],
      ),
    );
  }
  return errs;
}

/** Namespace names, container names, port names. */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenMsg(DNS1123_LABEL_MAX));
  if (!dns1123LabelRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        ['my-name', '123-abc'],
      ),
    );
  }
  return errs;
}

/** Service names. */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > DNS1123_LABEL_MAX) errs.push(maxLenMsg(DNS1123_LABEL_MAX));
  if (!dns1035LabelRe.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        ['my-name', 'abc-123'],
      ),
    );
  }
  return errs;
}

/** What a rule says of a valid value: no problems (shared and frozen; callers only read it). */
const NO_PROBLEMS: never[] = Object.freeze([]) as unknown as never[];

/**
 * A rule that remembers the values it passed, up to 4096, then starts afresh: for the rules whose values
 * repeat across objects — label keys and values, condition types, a pod's address checked when its
 * endpoint joins a slice not ready and again when it turns ready — a valid one is checked once.
 */
export function remembering<P>(rule: (v: string) => P[]): (v: string) => P[] {
  const passed = new Set<string>();
  return (v) => {
    if (passed.has(v)) return NO_PROBLEMS;
    const problems = rule(v);
    if (problems.length === 0) {
      if (passed.size >= 4096) passed.clear();
      passed.add(v);
    }
    return problems;
  };
}

/**
 * A rule over an object that remembers the frozen ones it passed: a stored object never changes, so
 * one that passed once passes again — a template's labels or spec, which every pod of its ReplicaSet
 * shares, is checked for the first pod only. The path only names where a problem is. A frozen object
 * that failed is checked every time; the answer is a new list the caller may add to.
 */
export function rememberingFrozen<T extends object, P>(rule: (v: T, path: string) => P[]): (v: T, path: string) => P[] {
  const passed = new WeakSet<T>();
  return (v, path) => {
    if (passed.has(v)) return [];
    const problems = rule(v, path);
    if (problems.length === 0 && Object.isFrozen(v)) passed.add(v);
    return problems;
  };
}

/** Label and annotation keys: an optional DNS subdomain prefix and a name part (`app.kubernetes.io/name`). */
export const isQualifiedName = remembering(qualifiedNameProblems);

function qualifiedNameProblems(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      regexError(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        QUALIFIED_NAME,
        ['MyName', 'my.name', '123-abc'],
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenMsg(63)}`);
  if (name.length > 0 && !qualifiedNameRe.test(name)) {
    errs.push(
      'name part ' +
        regexError(
          "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
          QUALIFIED_NAME,
          ['MyName', 'my.name', '123-abc'],
        ),
    );
  }
  return errs;
}

export const isValidLabelValue = remembering(labelValueProblems);

function labelValueProblems(v: string): string[] {
  const errs: string[] = [];
  if (v.length > LABEL_VALUE_MAX) errs.push(maxLenMsg(LABEL_VALUE_MAX));
  if (!labelValueRe.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        ['MyValue', 'my_value', '12345'],
      ),
    );
  }
  return errs;
}

/** IANA service names used for named ports (`http`, `metrics`): at most 15 characters, a letter somewhere. */
export function isValidPortName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(v)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (v.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}
