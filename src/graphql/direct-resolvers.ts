import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

/** What a field resolver method may take for it to be called directly: no arguments to convert or validate. */
type Param = { kind: string; index: number; propertyName?: string; getType?: unknown };

/**
 * type-graphql calls each @FieldResolver through a wrapper that, on every call, looks up the
 * resolver instance, runs the middleware chain and builds the method's parameters (sorting
 * their metadata, converting and validating arguments). A method that takes only its parent
 * (@Root), the context (@Ctx) or the info (@Info), with no middleware and no roles, needs
 * none of it: it is called directly here, with the same parameters, after the schema is
 * built. Measured on the benchmark's dashboard page (50 measures with their relations, some
 * 500 such calls): −10% CPU per request (bench/RESULTS.md).
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
    if (!params.every(isPassedAsIs)) continue;
    const objectClass = resolver.getObjectType?.();
    const typeName = storage.objectTypes.find((type) => type.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = type instanceof GraphQLObjectType ? type.getFields()[resolver.schemaName] : undefined;
    if (!field) continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, Function>)()));
    field.resolve = direct(instance, resolver.methodName, params);
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
