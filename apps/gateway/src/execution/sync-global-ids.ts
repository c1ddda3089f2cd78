// A node's global ID answered at once. The relay plugin resolves every `id` of a Node type through
// async functions, so each node of a page cost a promise, and the executor had to wait on a
// hundred of them before the page could be written. Our id resolvers read a surrogate key from
// the record and return it as it is: this plugin encodes it in the same call, as the relay plugin
// would (its `encodeGlobalID` option), and leaves an id resolver that answers a promise or
// nothing to the relay plugin's own path.
import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";

const pluginName = "syncGlobalIds";

// Pothos declares its plugins in this global namespace.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      syncGlobalIds: SyncGlobalIdsPlugin<Types>;
    }
  }
}

type IdResolver = (parent: unknown, args: object, context: unknown, info: GraphQLResolveInfo) => unknown;

export class SyncGlobalIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: GraphQLFieldResolver<unknown, Types["Context"], object>, fieldConfig: PothosOutputFieldConfig<Types>) {
    const relay = this.builder.options.relay;
    if (fieldConfig.kind !== "Object" || fieldConfig.name !== (relay?.idFieldName ?? "id") || !relay?.encodeGlobalID) return resolver;
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const idResolve = (typeConfig.pothosOptions as { id?: { resolve?: IdResolver } }).id?.resolve;
    if (typeConfig.kind !== "Object" || typeof idResolve !== "function") return resolver;
    const encode = relay.encodeGlobalID;
    const typename = typeConfig.name;
    return (parent: unknown, args: object, context: Types["Context"], info: GraphQLResolveInfo) => {
      const id = idResolve(parent, args, context, info);
      return id == null || isThenable(id) ? resolver(parent, args, context, info) : encode(typename, String(id as string | number | bigint), context);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, SyncGlobalIdsPlugin);

export default pluginName;
