import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The bucket the AI team reads from, unless stack config `bucketName` says otherwise. */
export const DEFAULT_BUCKET_NAME = "your-ai-team-bucket-name";

/** The one statement of the original program: list the team bucket and read its objects. */
export function aiPolicyDocument(bucketName: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
      },
    ],
  };
}

/** Builds the seed program's resources; `index.ts` exports its stack outputs. */
export function createSeedProgram() {
  const config = new pulumi.Config();
  const bucketName = config.get("bucketName") ?? DEFAULT_BUCKET_NAME;

  const aiPolicy = new aws.iam.Policy("aiPolicy", {
    description: "A policy that allows AI team to list and read objects in an S3 bucket.",
    path: "/",
    policy: JSON.stringify(aiPolicyDocument(bucketName)),
  });

  const aiUser = new aws.iam.User("aiUser", {
    path: "/",
    forceDestroy: true,
  });

  const aiUserPolicyAttachment = new aws.iam.UserPolicyAttachment("aiUserPolicyAttachment", {
    user: aiUser.name,
    policyArn: aiPolicy.arn,
  });

  return { bucketName, aiPolicy, aiUser, aiUserPolicyAttachment };
}
