import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { FakeAnswer } from '../src/index.ts';

/** The OpenAPI 3.1 document, as far as the validator reads it. */
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  readonly components: {
    readonly responses?: Record<string, ResponseObject>;
    readonly schemas?: Record<string, unknown>;
  };
}
interface ResponseObject {
  readonly $ref?: string;
  readonly content?: Record<string, { schema?: unknown }>;
}

/**
 * An answer the spec cannot judge and the suite accepts unchecked, with the reason why. Keep the
 * list short: every entry is an answer that could drift from Discord unnoticed.
 */
export interface AllowedAnswer {
  readonly reason: string;
  readonly matches: (answer: FakeAnswer) => boolean;
}

/** What the validator found about one answer. */
export interface AnswerCheck {
  /** `METHOD /spec/{template} STATUS`, or the raw path when the spec has no such route. */
  readonly route: string;
  /** What is wrong, each naming the route and the field; empty when the answer is as Discord's. */
  readonly violations: readonly string[];
  /** Why the answer went unchecked, when an allow-list entry took it. */
  readonly allowedBecause?: string;
}

/**
 * Where Discord's description is known to differ from what Discord sends, each with its evidence:
 * a schema replaced before any answer is checked. Keep it short; the rest of the spec is as given.
 */
export const SPEC_ERRATA: readonly {
  readonly schema: string;
  readonly reason: string;
  readonly replacement: object;
}[] = [
  {
    schema: 'InnerErrors',
    reason:
      "a field error's `code` is a string such as \"BASE_TYPE_REQUIRED\" (Discord's docs, and @discordjs/rest's " +
      'DiscordErrorFieldInformation `code: string`); the spec reuses the top-level Error, whose `code` is an integer',
    replacement: {
      type: 'object',
      properties: {
        _errors: {
          type: 'array',
          items: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' } },
            required: ['code', 'message'],
          },
        },
      },
      additionalProperties: false,
      required: ['_errors'],
    },
  },
];

/** Where the vendored copy of Discord's OpenAPI description is. */
export const DISCORD_SPEC_PATH = new URL('./discord-api-spec/openapi.json', import.meta.url);

const SPEC_ID = 'discord-openapi.json';
const MAX_ERRORS = 12;

interface SpecRoute {
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
}

/**
 * Checks fake-discord's answers against the response schemas of Discord's own OpenAPI
 * description: the route must be one Discord has, the status one it describes for that route, and
 * the JSON body valid against that status's schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1).
 * Schemas are compiled on first use, one per route and status.
 */
export class AnswerValidator {
  readonly #spec: OpenApiDocument;
  readonly #allowed: readonly AllowedAnswer[];
  readonly #routes: readonly SpecRoute[];
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(spec: OpenApiDocument = loadDiscordSpec(), allowed: readonly AllowedAnswer[] = []) {
    this.#spec = spec;
    this.#allowed = allowed;
    this.#routes = Object.keys(spec.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replaceAll(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
        params: template.split('{').length - 1,
      }))
      // `/users/@me` before `/users/{user_id}`: the route with the fewest parameters wins.
      .sort((a, b) => a.params - b.params);
    this.#ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false });
    (formats as unknown as (ajv: Ajv2020) => void)(this.#ajv);
    // Discord's own formats: a snowflake is a decimal id in a string; a nonce an id or a short string.
    this.#ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
    this.#ajv.addFormat('nonce', /^.{0,25}$/s);
    // The document is one schema resource, so that its `#/components/...` references resolve; its
    // OpenAPI keywords are known to ajv as annotations, not validation.
    this.#ajv.addVocabulary(['openapi', 'info', 'externalDocs', 'servers', 'paths', 'components']);
    const schemas = { ...spec.components.schemas };
    for (const erratum of SPEC_ERRATA) schemas[erratum.schema] = erratum.replacement;
    this.#ajv.addSchema({ ...spec, components: { ...spec.components, schemas }, $id: SPEC_ID } as object);
  }

  /** Checks one answer. */
  check(answer: FakeAnswer): AnswerCheck {
    const route = this.#routes.find((candidate) => candidate.pattern.test(answer.path));
    const name = `${answer.method} ${route?.template ?? answer.path} ${answer.status}`;
    const allowed = this.#allowed.find((entry) => entry.matches(answer));
    if (allowed !== undefined) return { route: name, violations: [], allowedBecause: allowed.reason };
    const where = `${answer.method} ${answer.path} (${answer.status})`;
    const operation = route && this.#spec.paths[route.template]?.[answer.method.toLowerCase()];
    if (route === undefined || operation === undefined)
      return { route: name, violations: [`${where}: Discord's OpenAPI description has no such route`] };
    const responses = operation.responses ?? {};
    const key = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((k) => k in responses);
    if (key === undefined) {
      const described = Object.keys(responses).join(', ');
      return {
        route: name,
        violations: [`${where}: status ${answer.status} is not one Discord answers (${described})`],
      };
    }
    const pointer = this.#schemaPointer(route.template, answer.method.toLowerCase(), key);
    if (pointer === undefined) {
      return answer.body === undefined
        ? { route: name, violations: [] }
        : { route: name, violations: [`${where}: Discord answers this with no body, the fake sent one`] };
    }
    if (answer.body === undefined)
      return { route: name, violations: [`${where}: Discord answers this with a JSON body, the fake sent none`] };
    const validate = this.#validatorFor(pointer);
    if (validate(answer.body)) return { route: name, violations: [] };
    const lines = [...new Set(this.#describe(where, '', validate.errors ?? []))];
    return {
      route: name,
      violations:
        lines.length > MAX_ERRORS
          ? [...lines.slice(0, MAX_ERRORS), `${where}: and ${lines.length - MAX_ERRORS} more`]
          : lines,
    };
  }

  /** The JSON pointer of the response schema, following a `$ref` to a shared response. */
  #schemaPointer(template: string, method: string, key: string): string | undefined {
    let pointer = `/paths/${pointerSegment(template)}/${method}/responses/${pointerSegment(key)}`;
    let response = this.#spec.paths[template]?.[method]?.responses?.[key];
    if (response?.$ref !== undefined) {
      const name = response.$ref.replace('#/components/responses/', '');
      response = this.#spec.components.responses?.[name];
      pointer = `/components/responses/${pointerSegment(name)}`;
    }
    return response?.content?.['application/json']?.schema === undefined
      ? undefined
      : `${pointer}/content/application~1json/schema`;
  }

  /**
   * ajv's errors as lines naming the field. A value that matches none of a `oneOf` (a union such
   * as the kinds of message component) gets every branch's errors from ajv; only those of the
   * closest branch (fewest errors) are kept, as the kind the fake meant.
   */
  #describe(where: string, prefix: string, errors: readonly ErrorObject[]): string[] {
    const unions = errors
      .filter(
        (error) => error.keyword === 'oneOf' && (error.params as { passingSchemas: unknown }).passingSchemas === null,
      )
      .sort((a, b) => a.instancePath.length - b.instancePath.length);
    const outermost: ErrorObject[] = [];
    for (const union of unions)
      if (!outermost.some((outer) => within(union.instancePath, outer.instancePath))) outermost.push(union);
    const rest = errors.filter((error) => !outermost.some((union) => within(error.instancePath, union.instancePath)));
    const lines = rest.map((error) => lineOf(where, prefix, error));
    for (const union of outermost) {
      const at = `${prefix}${union.instancePath}`;
      const described = (union.schema as unknown[]).flatMap((branch) => {
        // A nullable field's `null` branch is never the closest for a value that is not null.
        if ((branch as { type?: unknown }).type === 'null') return [];
        const validate = this.#branchValidator(branch);
        if (validate(union.data)) return [];
        const found = validate.errors ?? [];
        // A branch whose `type` (the kind of component, of interaction...) differs is another kind.
        const otherKind = found.some(
          (error) => error.instancePath === '/type' && ['const', 'enum'].includes(error.keyword),
        );
        return [{ otherKind, lines: this.#describe(where, at, found) }];
      });
      const closest = described.sort(
        (a, b) => Number(a.otherKind) - Number(b.otherKind) || a.lines.length - b.lines.length,
      )[0];
      lines.push(...(closest === undefined ? [lineOf(where, prefix, union)] : closest.lines));
    }
    return lines;
  }

  /** A validator for one branch of a `oneOf`, its `#/components/...` references made absolute. */
  #branchValidator(branch: unknown): ValidateFunction {
    const key = `branch:${JSON.stringify(branch)}`;
    let validate = this.#compiled.get(key);
    if (validate === undefined) {
      validate = this.#ajv.compile(JSON.parse(key.slice('branch:'.length).replaceAll('"#/', `"${SPEC_ID}#/`)));
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  #validatorFor(pointer: string): ValidateFunction {
    let validate = this.#compiled.get(pointer);
    if (validate === undefined) {
      validate = this.#ajv.getSchema(`${SPEC_ID}#${pointer}`);
      if (validate === undefined) throw new Error(`no schema at ${pointer} in Discord's OpenAPI description`);
      this.#compiled.set(pointer, validate);
    }
    return validate;
  }
}

/** Reads the vendored copy of Discord's OpenAPI description. */
export function loadDiscordSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(DISCORD_SPEC_PATH, 'utf8')) as OpenApiDocument;
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function lineOf(where: string, prefix: string, error: ErrorObject): string {
  const at = `${prefix}${error.instancePath}`;
  if (error.keyword === 'required')
    return `${where}: ${at}/${(error.params as { missingProperty: string }).missingProperty} is missing (required)`;
  return `${where}: ${at || '(the body)'} ${error.message}`;
}
