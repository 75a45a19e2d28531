import { z } from '@hono/zod-openapi';
import { orgIdSchema } from '../org/org.schemas.js';
import { ROLES } from './roles.js';

export const usernameSchema = z
  .string()
  .regex(/^[a-z0-9._-]{3,64}$/, 'a user name of 3–64 characters a-z 0-9 . _ -')
  .openapi({ example: 'nguyen.van.a' });

export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200);

export const grantSchema = z.strictObject({ role: z.enum(ROLES), orgId: orgIdSchema }).openapi('RoleGrant');

export const userSchema = z
  .object({
    id: z.string(),
    username: usernameSchema,
    displayName: z.string(),
    homeOrgId: orgIdSchema,
    disabled: z.boolean(),
    grants: z.array(grantSchema),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('User');
export type User = z.infer<typeof userSchema>;

export const createUserSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: z.string().trim().min(2).max(120),
    homeOrgId: orgIdSchema,
    password: passwordSchema,
    grants: z.array(grantSchema).max(50).default([]),
  })
  .openapi('CreateUser');
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: z.string().trim().min(2).max(120).optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    grants: z.array(grantSchema).max(50).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' })
  .openapi('UpdateUser');
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const loginSchema = z
  .strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .openapi('Login');

export const sessionSchema = z
  .object({ token: z.string(), expiresAt: z.number(), user: userSchema })
  .openapi('Session');
