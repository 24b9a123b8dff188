import type { Question } from "../content/schema";

/**
 * A question studied as a flashcard: the front asks it (with its options, so a multiple-choice question is still
 * answerable in the head), the back gives the answer and the author's explanation.
 */
export function cardFromQuestion(question: Question): { front: string; back: string } {
  const optionLines = (options: { key: string; text: string }[]) => options.map((option) => `- **${option.key}.** ${option.text.replace(/\n+/g, " ")}`).join("\n");
  switch (question.kind) {
    case "single":
    case "multiple": {
      const correct = question.options.filter((option) => option.correct);
      const ask = question.kind === "single" ? "Which one is right?" : "Which are right? (more than one may be)";
      return {
        front: `${question.stem}\n\n${optionLines(question.options)}\n\n*${ask}*`,
        back: `**Answer:** ${correct.map((option) => option.key).join(", ")}\n\n${optionLines(correct)}\n\n${question.explanation}`,
      };
    }
    case "truefalse":
      return { front: `${question.stem}\n\n*True or false?*`, back: `**${question.answer ? "True" : "False"}.**\n\n${question.explanation}` };
    case "short": {
      const literal = question.answers.find((answer) => !answer.regex) ?? question.answers[0];
      return { front: question.stem, back: `**Answer:** \`${literal?.value ?? ""}\`\n\n${question.explanation}` };
    }
    case "command":
      return { front: `${question.stem}\n\n*Which command?*`, back: `**Answer:** \`${question.answers[0] ?? ""}\`\n\n${question.explanation}` };
    case "ordering": {
      // The front lists the items alphabetically: a fixed order that is not the answer.
      const shown = [...question.items].sort((a, b) => a.localeCompare(b));
      return {
        front: `${question.stem}\n\n${shown.map((item) => `- ${item}`).join("\n")}\n\n*In what order?*`,
        back: `${question.items.map((item, index) => `${index + 1}. ${item}`).join("\n")}\n\n${question.explanation}`,
      };
    }
  }
}
