import { answerKeySchema, type AnswerKey } from "../exam/regrade";
import { questionKinds, type QuestionKind } from "../content/schema";
import { err, ok, type Result } from "../result";

/**
 * The regrade form's fields → an answer key. The form offers one input per question kind (lib/cohorts/regrade's
 * item page): a radio per option, a checkbox per option, True/False, accepted answers one per line (a regular
 * expression between slashes), the items' numbers in the corrected order, accepted commands one per line. What a
 * field cannot express is refused here with what to write instead; whether the key fits the question (options
 * that exist, a full order, commands the client accepts) is `checkAnswerKey`'s job.
 */

const whatToWrite: Record<QuestionKind, string> = {
  single: "Choose the one correct option.",
  multiple: "Tick at least one correct option.",
  truefalse: "Choose True or False.",
  short: "Write at least one accepted answer, one per line (a regular expression between slashes, like /ro?le/).",
  ordering: "Write the items' numbers in the correct order, separated by commas (for example 2, 1, 3).",
  command: "Write at least one accepted command, one per line.",
};

const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
const REGEX_LINE = /^\/(.+)\/$/;

/** `field(name)` gives every value the form sent under that name (checkboxes send several). */
export function answerKeyFromForm(field: (name: string) => string[]): Result<AnswerKey, string> {
  const kind = field("kind")[0];
  if (!kind || !(questionKinds as readonly string[]).includes(kind)) return err("The form did not say which kind of question this is; reload the page.");
  const first = (name: string) => field(name)[0] ?? "";
  const raw = (() => {
    switch (kind as QuestionKind) {
      case "single":
        return { kind, option: first("option") };
      case "multiple":
        return { kind, options: field("options") };
      case "truefalse":
        return { kind, answer: first("answer") === "true" ? true : first("answer") === "false" ? false : undefined };
      case "short":
        return { kind, answers: lines(first("answers")).map((line) => { const regex = REGEX_LINE.exec(line)?.[1]; return regex ? { value: regex, regex: true } : { value: line, regex: false }; }) };
      case "ordering": {
        const numbers = first("order").split(/[\s,]+/).filter(Boolean);
        return { kind, order: numbers.every((word) => /^\d+$/.test(word)) ? numbers.map((word) => Number(word) - 1) : [] };
      }
      case "command":
        return { kind, answers: lines(first("answers")) };
    }
  })();
  const parsed = answerKeySchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(whatToWrite[kind as QuestionKind]);
}
