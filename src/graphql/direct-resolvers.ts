import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { validateArgumentCached } from "./validation";

/** A field resolver method's parameter, as type-graphql's metadata describes it. */
type Param = {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
  validateSettings?: unknown;
  validateFn?: unknown;
};

type Storage = ReturnType<typeof getMetadataStorage>;

/**
 * type-graphql calls each @FieldResolver through a wrapper that, on every call, looks up the
 * resolver instance, runs the middleware chain and builds the method's parameters (sorting
 * their metadata, converting and validating arguments). A method without middleware and roles
 * that takes its parent (@Root), the context (@Ctx), the info (@Info) and @Args() classes of
 * plain fields (ListPageArgs, filters of scalars and enums) needs none of it: it is called
 * directly here, with the same parameters, after the schema is built. Measured on the
 * benchmark's dashboard page (50 measures with their relations, some 500 such calls): −10% CPU
 * per request for the methods without arguments; with the @Args() ones too (the page's 50
 * `projects(first, last)`, a project's `budgets`), another −8% for the dashboard and −18% for
 * the projects by instrument (bench/RESULTS.md).
 *
 * Arguments are converted as type-graphql does for such classes (an instance with the fields
 * given) and checked as the schema checks them (validateArgumentCached). Methods taking input
 * objects or single @Arg()s keep type-graphql's conversion (nested instances) and validation.
 *
 * The schema must be built without global middlewares or an auth checker (see getSchema),
 * and with type-graphql's default container: one instance of each resolver class, made with
 * `new` and no arguments, as done here.
 */
export function callFieldResolversDirectly(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage();
  const instances = new Map<Function, Record<string, Function>>();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== "external" || resolver.middlewares?.length || resolver.roles !== undefined) continue;
    const params = [...(resolver.params as Param[])].sort((a, b) => a.index - b.index);
    const argsClasses = new Map(params.filter((param) => param.kind === "args").map((param) => [param, plainArgsClass(storage, param)]));
    if (!params.every((param) => isPassedAsIs(param) || argsClasses.get(param))) continue;
    const objectClass = resolver.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type instanceof GraphQLObjectType ? type.getFields()[resolver.schemaName] : undefined;
    if (!field) continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, Function>)()));
    field.resolve = argsClasses.size > 0 ? withArgs(instance, resolver.methodName, params, argsClasses) : direct(instance, resolver.methodName, params);
  }
  return schema;
}

const isPassedAsIs = (param: Param) =>
  (param.kind === "root" && param.propertyName === undefined && param.getType === undefined) ||
  (param.kind === "context" && param.propertyName === undefined) ||
  param.kind === "info";

function direct(instance: Record<string, Function>, methodName: string, params: Param[]): GraphQLFieldResolver<unknown, unknown> {
  const method = instance[methodName]!;
  const kinds = params.map((param) => param.kind).join();
  // The common orders, without building an array of parameters per call.
  if (kinds === "root,context") return (root, _args, context) => method.call(instance, root, context);
  if (kinds === "root") return (root) => method.call(instance, root);
  return (root, _args, context, info) =>
    method.apply(
      instance,
      params.map((param) => (param.kind === "root" ? root : param.kind === "context" ? context : info)),
    );
}

/** An @ArgsType() class whose fields are scalars, enums or lists of them, and the names of its fields. */
type ArgsClass = { target: new () => Record<string, unknown>; fields: string[] };

/**
 * The @Args() class of `param` if type-graphql would convert it to no more than an instance
 * with the fields given: no field is an input object (those become nested instances), and the
 * parameter has no validation of its own.
 */
function plainArgsClass(storage: Storage, param: Param): ArgsClass | undefined {
  if (param.validateSettings !== undefined || param.validateFn !== undefined) return undefined;
  const target = param.getType?.();
  const fields: string[] = [];
  // Its own fields and its superclasses', as type-graphql reads them.
  for (let current = target; typeof current === "function" && current.prototype !== undefined; current = Object.getPrototypeOf(current)) {
    const argsType = storage.argumentTypes.find((type) => type.target === current);
    for (const field of argsType?.fields ?? []) {
      const fieldType = field.getType();
      if (storage.inputTypes.some((input) => input.target === fieldType)) return undefined;
      fields.push(field.name);
    }
    if (current === target && !argsType) return undefined;
  }
  return { target: target as ArgsClass["target"], fields };
}

function withArgs(
  instance: Record<string, Function>,
  methodName: string,
  params: Param[],
  argsClasses: Map<Param, ArgsClass | undefined>,
): GraphQLFieldResolver<unknown, Record<string, unknown>> {
  const method = instance[methodName]!;
  // Each parameter: where its value comes from. Built with a loop, not closures: this runs for
  // every item of a list (50 times on a dashboard page).
  const sources = params.map((param) => argsClasses.get(param) ?? (param.kind as "root" | "context" | "info"));
  return (root, args, context, info) => {
    const values: unknown[] = [];
    let checked: Promise<unknown> | undefined;
    for (const source of sources) {
      if (source === "root") values.push(root);
      else if (source === "context") values.push(context);
      else if (source === "info") values.push(info);
      else {
        const value = new source.target();
        for (const name of source.fields) if (args[name] !== undefined) value[name] = args[name];
        values.push(value);
        const check = validateArgumentCached(source.target, value);
        checked = checked ? Promise.all([checked, check]) : check;
      }
    }
    return checked!.then(() => method.apply(instance, values));
  };
}
