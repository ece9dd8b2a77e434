/** The AWS service authorization data: services, actions, access levels, resource types, condition keys, expansion. */
export * from "./catalog.js";
export * from "./pattern.js";
export * from "./types.js";
