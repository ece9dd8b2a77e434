/**
 * The characters IAM allows in the names and paths of its entities. IAM API Reference,
 * CreateUser/CreateGroup/CreateRole/CreatePolicy/PutUserPolicy: a name is upper- and lower-case
 * letters, digits and `_+=,.@-` (`[\w+=,.@-]+`); a path is `/`, or `/…/` of the characters U+0021
 * to U+007F. IAM Identity Center API Reference, CreatePermissionSet: the same for a permission
 * set's name. Lengths differ by entity (users and roles 64, groups and policies 128).
 */
export const IAM_NAME = /^[A-Za-z0-9_+=,.@-]+$/;
export const IAM_PATH = /^(\/|\/[\u0021-\u007f]+\/)$/;
