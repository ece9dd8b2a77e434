import { createSeedProgram } from "./program.js";

const seed = createSeedProgram();

export const ai_user_name = seed.aiUser.name;
export const ai_policy_arn = seed.aiPolicy.arn;
