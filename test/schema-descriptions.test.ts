import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from "graphql";

/**
 * The schema is what frontend developers read, in the explorer's docs pane and in their editor
 * through codegen: every type, field, argument, input field and enum value of
 * schema/schema.graphql has a description, and one that says more than the element's name
 * (a unit, a format, who may see or set it, what null means, the code list it follows...).
 */

const sdl = readFileSync(path.join(__dirname, "..", "schema", "schema.graphql"), "utf8");

interface Element {
  /** Schema coordinate: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`. */
  coordinate: string;
  /**
   * The names a reader already has in front of them: the element's own, and those of the type
   * (and field) it belongs to. A description must say more than these.
   */
  names: string[];
  description: string | null | undefined;
}

/** Every element a client can read a description of, the built-in scalars and introspection types aside. */
function describableElements(schema: GraphQLSchema): Element[] {
  const elements: Element[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    elements.push({ coordinate: type.name, names: [type.name], description: type.description });
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        elements.push({ coordinate: `${type.name}.${field.name}`, names: [field.name, type.name], description: field.description });
        for (const arg of field.args) {
          elements.push({
            coordinate: `${type.name}.${field.name}(${arg.name}:)`,
            names: [arg.name, field.name, type.name],
            description: arg.description,
          });
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        elements.push({ coordinate: `${type.name}.${field.name}`, names: [field.name, type.name], description: field.description });
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        elements.push({ coordinate: `${type.name}.${value.name}`, names: [value.name, type.name], description: value.description });
      }
    }
  }
  return elements;
}

/** "partnershipCode", "PARTNERSHIP_CODE", "PartnershipCode" -> "partnership code". */
function spokenName(name: string): string {
  return name
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

const FILLER = new Set(["the", "a", "an", "its", "this", "of", "for", "to", "is", "it", "their"]);

/** The description's words, lower case, without possessives, punctuation, markdown or filler words. */
function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .replace(/[`"'’*_.,:;!?()[\]{}]/g, " ")
    .split(/\s+/)
    .filter((word) => word !== "" && !FILLER.has(word));
}

/**
 * Why a description says no more than the names around it (the element's own, its type's),
 * or undefined when it says more: fewer than three words once filler and possessives are
 * gone ("The measure's code." on ActionPlanMeasure.code), or no word beyond the names'
 * ("The id.", "The partnership code.").
 */
function repeatsName(names: string[], description: string): string | undefined {
  const words = contentWords(description);
  if (words.length < 3) return `fewer than three words`;
  const nameWords = new Set(names.flatMap((name) => contentWords(spokenName(name))));
  if (words.every((word) => nameWords.has(word) || nameWords.has(word.replace(/s$/, "")))) return "only the names' words";
  return undefined;
}

/**
 * Deprecations whose reason does not name what to use instead and since when, as
 * `@deprecated(reason: "Use leads; since 2026-12-02.")` does: a client must know where to go,
 * and the changelog's policy counts the months a deprecated element stays from that date.
 */
function unexplainedDeprecations(schema: GraphQLSchema): string[] {
  const deprecations: { coordinate: string; reason: string }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) deprecations.push({ coordinate: `${type.name}.${field.name}`, reason: field.deprecationReason });
        for (const arg of "args" in field ? field.args : []) {
          if (arg.deprecationReason != null) deprecations.push({ coordinate: `${type.name}.${field.name}(${arg.name}:)`, reason: arg.deprecationReason });
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (value.deprecationReason != null) deprecations.push({ coordinate: `${type.name}.${value.name}`, reason: value.deprecationReason });
      }
    }
  }
  return deprecations
    .filter(({ reason }) => !/\buse\b/i.test(reason) || !/\bsince \d{4}-\d{2}-\d{2}\b/.test(reason))
    .map(({ coordinate, reason }) => `${coordinate}: "${reason}"`);
}

describe("schema/schema.graphql descriptions", () => {
  const elements = describableElements(buildSchema(sdl));

  it("describe every type, field, argument, input field and enum value", () => {
    const missing = elements.filter((element) => !element.description?.trim()).map((element) => element.coordinate);
    // The whole list, so that one run says everything there is to write.
    expect(missing).toEqual([]);
  });

  it("say more than the element's name", () => {
    const weak = elements.flatMap(({ coordinate, names, description }) => {
      const reason = description?.trim() ? repeatsName(names, description) : undefined;
      return reason ? [`${coordinate}: "${description}" (${reason})`] : [];
    });
    expect(weak).toEqual([]);
  });

  it("name the replacement and the date of every deprecation", () => {
    expect(unexplainedDeprecations(buildSchema(sdl))).toEqual([]);
  });
});

describe("the description checks themselves", () => {
  it("split names the way they are spoken", () => {
    expect(spokenName("partnershipCode")).toBe("partnership code");
    expect(spokenName("IN_PROGRESS")).toBe("in progress");
    expect(spokenName("ActionPlanVersion")).toBe("action plan version");
    expect(spokenName("IATIOrganisation")).toBe("iati organisation");
  });

  it("flag descriptions that only repeat the name", () => {
    expect(repeatsName(["id"], "The id.")).toBeDefined();
    expect(repeatsName(["partnershipCode"], "The partnership code.")).toBeDefined();
    expect(repeatsName(["IN_PROGRESS", "MeasureStatus"], "In progress.")).toBeDefined();
    expect(repeatsName(["measures", "Partnership"], "The measures of this partnership.")).toBeDefined();
    expect(repeatsName(["code", "ActionPlanMeasure"], "The measure's code.")).toBeDefined();
    expect(repeatsName(["title", "Project"], "The project's title in English, as its funder gives it.")).toBeUndefined();
    expect(repeatsName(["deadline", "Measure"], "The last day to complete the measure, YYYY-MM-DD; null where the plan sets none.")).toBeUndefined();
  });

  it("flag deprecations that name no replacement or no date", () => {
    const schema = buildSchema(`
      type Query {
        a: Int @deprecated(reason: "Use b; since 2026-12-02.")
        b: Int
        c: Int @deprecated
        d(x: Int @deprecated(reason: "Use b.")): Int
      }
      enum E { ONE @deprecated(reason: "Gone since 2026-12-02.") TWO }
      input I { old: Int @deprecated(reason: "Use new; since 2026-12-02.") new: Int }
    `);
    expect(unexplainedDeprecations(schema)).toEqual([
      'Query.c: "No longer supported"',
      'Query.d(x:): "Use b."',
      'E.ONE: "Gone since 2026-12-02."',
    ]);
  });

  it("find the elements of a schema that lack a description", () => {
    const schema = buildSchema(`
      "A thing."
      type Query { "Says a thing in three words." a(x: Int): E }
      enum E { ONE TWO }
    `);
    const missing = describableElements(schema).filter((element) => !element.description).map((element) => element.coordinate);
    expect(missing).toEqual(["Query.a(x:)", "E", "E.ONE", "E.TWO"]);
  });
});
