// The lab checker: a declarative check language over the simulated cloud's state, and grading by it.
export { checkKinds, parseCheck, parseChecks, storedCheckSchema, type Check, type CheckIssue, type CheckKind } from "./checks";
export { grade, gradeCheck, type CheckResult, type Grade } from "./grade";
export { resourceKindNames, resourceKinds, type ResourceKindName } from "./kinds";
