import type { ReactNode } from "react";
import type { Question } from "@/lib/content/schema";
import type { StandingRegrade } from "@/lib/cohorts/regrade";
import { originalKey, type AnswerKey } from "@/lib/exam/regrade";
import { Card } from "../../../_components/ui";
import { regradeQuestionAction, restoreQuestionKeyAction } from "../actions";
import { ActionForm } from "./action-form";
import { inputClass } from "./format";

/**
 * The item page's regrade controls: the cohort's standing regrade (with "restore the original key"), neutralize,
 * and a re-key form with the inputs that fit the question's kind, filled in with the key in force now.
 */
export function RegradeCard({ cohortId, question, standing }: { cohortId: string; question: Question; standing: StandingRegrade | null }) {
  const inForce: AnswerKey = standing?.regrade.mode === "rekey" ? standing.regrade.key : originalKey(question);
  const hidden = (mode: "neutralize" | "rekey") => (
    <>
      <input type="hidden" name="cohortId" value={cohortId} />
      <input type="hidden" name="questionId" value={question.id} />
      <input type="hidden" name="mode" value={mode} />
      <input type="hidden" name="kind" value={question.kind} />
    </>
  );
  return (
    <Card title="Regrade this question" className="lg:col-span-3">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
        A regrade holds for this cohort from now on: submitted attempts are rescored at once, and attempts still open or started later are scored
        the same way when they end. Scores, pass/fail and breakdowns are recalculated, learners see the corrected key in their review, and each
        change is logged on the cohort page.
      </p>
      {standing ? (
        <div role="status" className="mb-4 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100">
          <p>
            <strong>In force:</strong> {standing.description} — by {standing.by}, {standing.at.toISOString().slice(0, 16).replace("T", " ")} UTC.
          </p>
          <ActionForm action={restoreQuestionKeyAction} submit="Restore the original key" variant="secondary" className="mt-2 flex flex-wrap items-center gap-2">
            <input type="hidden" name="cohortId" value={cohortId} />
            <input type="hidden" name="questionId" value={question.id} />
          </ActionForm>
        </div>
      ) : (
        <p className="mb-4 text-sm">No regrade: this cohort is scored with the question's original key.</p>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <ActionForm action={regradeQuestionAction} submit="Neutralize" variant="secondary" className="flex flex-col items-start gap-2">
          {hidden("neutralize")}
          <p className="text-sm text-slate-600 dark:text-slate-400">Full points on this item for everyone, answered or not.</p>
        </ActionForm>
        <RekeyForm question={question} inForce={inForce} hidden={hidden("rekey")} />
      </div>
    </Card>
  );
}

const legend = "mb-1 text-sm font-medium";
const choiceRow = "flex items-start gap-2 text-sm";

function RekeyForm({ question, inForce, hidden }: { question: Question; inForce: AnswerKey; hidden: ReactNode }) {
  if (question.kind === "command" && question.checks.length > 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        This command question is graded by running the answer against its checks, so there is no key to correct here: neutralize it, or fix its
        checks in the Markdown file and re-import.
      </p>
    );
  }
  return (
    <ActionForm action={regradeQuestionAction} submit="Re-key" className="flex flex-col items-start gap-3">
      {hidden}
      <KeyInputs question={question} inForce={inForce} />
    </ActionForm>
  );
}

function KeyInputs({ question, inForce }: { question: Question; inForce: AnswerKey }) {
  switch (question.kind) {
    case "single":
    case "multiple": {
      const correct = new Set(inForce.kind === "single" ? [inForce.option] : inForce.kind === "multiple" ? inForce.options : []);
      const single = question.kind === "single";
      return (
        <fieldset className="grid gap-1">
          <legend className={legend}>{single ? "The correct option" : "Every correct option"}</legend>
          {question.options.map((option) => (
            <label key={option.key} className={choiceRow}>
              <input type={single ? "radio" : "checkbox"} name={single ? "option" : "options"} value={option.key} defaultChecked={correct.has(option.key)} className="mt-1" />
              <span>
                <span className="font-mono">{option.key}</span> · {option.text}
              </span>
            </label>
          ))}
        </fieldset>
      );
    }
    case "truefalse": {
      const answer = inForce.kind === "truefalse" ? inForce.answer : question.answer;
      return (
        <fieldset className="flex gap-4">
          <legend className={legend}>The statement is</legend>
          {[true, false].map((value) => (
            <label key={String(value)} className={choiceRow}>
              <input type="radio" name="answer" value={String(value)} defaultChecked={answer === value} className="mt-1" />
              {value ? "True" : "False"}
            </label>
          ))}
        </fieldset>
      );
    }
    case "short": {
      const answers = inForce.kind === "short" ? inForce.answers : question.answers;
      return (
        <label className="grid w-full max-w-xl gap-1 text-sm">
          <span className="font-medium">Accepted answers, one per line</span>
          <span className="text-slate-600 dark:text-slate-400">
            Compared {question.caseSensitive ? "case-sensitively" : "ignoring case"}; write a regular expression between slashes, like /ro?le list/, to
            match the whole answer.
          </span>
          <textarea name="answers" wrap="off" rows={Math.max(3, answers.length + 1)} defaultValue={answers.map((answer) => (answer.regex ? `/${answer.value}/` : answer.value)).join("\n")} className={`${inputClass} font-mono`} />
        </label>
      );
    }
    case "ordering": {
      const order = inForce.kind === "ordering" ? inForce.order : question.items.map((_, position) => position);
      return (
        <div className="grid w-full max-w-xl gap-2 text-sm">
          <p className="font-medium">The items, numbered as the author wrote them</p>
          <ol className="list-decimal space-y-1 pl-6">
            {question.items.map((item, position) => (
              <li key={position}>{item}</li>
            ))}
          </ol>
          <label className="grid gap-1">
            <span className="font-medium">Their numbers in the correct order</span>
            <input name="order" defaultValue={order.map((position) => position + 1).join(", ")} className={`${inputClass} w-48 font-mono`} />
          </label>
        </div>
      );
    }
    case "command": {
      const answers = inForce.kind === "command" ? inForce.answers : question.answers;
      return (
        <label className="grid w-full max-w-xl gap-1 text-sm">
          <span className="font-medium">Accepted commands, one per line</span>
          <span className="text-slate-600 dark:text-slate-400">Each must be one `openstack` command the client accepts; flag order and --opt=value spellings match either way.</span>
          <textarea name="answers" wrap="off" rows={Math.max(3, answers.length + 1)} defaultValue={answers.join("\n")} className={`${inputClass} font-mono`} />
        </label>
      );
    }
  }
}
