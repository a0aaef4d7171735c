import { plainText } from '../../../course/markdown-fields.ts';
import { Html } from './Html.tsx';
import { arrayOf, type InputProps, type QuestionView } from './view.ts';

// Put in order: the steps with up and down buttons (usable by keyboard and
// screen reader alike), and after a check which steps are in order.

interface OrderQuestion {
  type: string;
  items: { id: string; text: string }[];
}

function OrderInput({ question, html, order, value, locked, live, result, onDraft }: InputProps<OrderQuestion>) {
  const drafted = arrayOf(value, 'order');
  const ids = drafted.length ? drafted : (order ?? question.items.map((i) => i.id));
  const items = new Map((result?.feedback ?? []).flatMap((f) => (f.kind === 'item' ? [[f.id, f] as const] : [])));
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onDraft({ order: next });
  };
  return (
    <ol className="quiz-order" aria-label="Steps in your order">
      {ids.map((id, i) => {
        const item = question.items.find((x) => x.id === id);
        if (!item) return null;
        const f = items.get(id);
        const name = plainText(item.text);
        return (
          <li key={id} className={f ? (f.inOrder ? 'quiz-order-ok' : 'quiz-order-move') : undefined}>
            <Html html={html[`items.${id}.text`]} className="quiz-order-text" />
            {!locked ? (
              <span className="quiz-order-buttons">
                <button
                  type="button"
                  className="kit-button"
                  disabled={!live || i === 0}
                  aria-label={`Move “${name}” up`}
                  onClick={() => move(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="kit-button"
                  disabled={!live || i === ids.length - 1}
                  aria-label={`Move “${name}” down`}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </button>
              </span>
            ) : f ? (
              <span className={`quiz-fb quiz-fb-${f.inOrder ? 'right' : 'wrong'}`}>
                <span className="quiz-mark">{f.inOrder ? 'In order' : `Belongs at step ${f.expected + 1}`}</span>
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

export const orderView: QuestionView<OrderQuestion> = {
  Input: OrderInput,
  initial: (question, order) => ({ order: order ?? question.items.map((i) => i.id) }),
  canCheck: () => true,
  reviewShowsKey: true,
};
