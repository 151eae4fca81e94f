package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/**
 * Multi-step: groups times size, then any of adding more, losing some, and sharing equally, in
 * that order, for 2 to 4 operations in all.
 */
final class MultiStepFamily implements ProblemFamily {
    @Override
    public String name() {
        return "multi_step";
    }

    @Override
    public Solved generate(Random rnd) {
        // Rejection sampling keeps every draw exact; it consumes the same stream, so stays seeded.
        while (true) {
            Solved solved = tryDraw(rnd);
            if (solved != null) {
                return solved;
            }
        }
    }

    /** One draw, or null when sharing would not come out even. */
    private Solved tryDraw(Random rnd) {
        boolean add = rnd.nextBoolean();
        boolean lose = rnd.nextBoolean();
        boolean share = rnd.nextBoolean() || (!add && !lose);

        int boxes = between(rnd, 2, 6);
        int per = between(rnd, 2, 12);
        Calc count = Calc.of(boxes, '*', per);
        Template f = new Template().person("A", Words.person(rnd))
                .set("obj", Words.pick(rnd, Words.THINGS))
                .set("box", Words.pick(rnd, Words.CONTAINERS))
                .set("b", boxes).set("n", per).set("x", count);
        StringBuilder question = new StringBuilder(f.fill("{A} has {b} {box} with {n} {obj} in each."));
        AnswerText answer = new AnswerText().line(f.fill("{A} has {x} {obj} in the {box}."));
        if (add) {
            int more = between(rnd, 2, 30);
            count = Calc.of(count.value(), '+', more);
            f.set("a", more).set("y", count);
            question.append(f.fill(" {A.He} buys {a} more {obj}."));
            answer.line(f.fill("After buying more, {A.he} has {y} {obj}."));
        }
        if (lose) {
            int lost = between(rnd, 2, Math.min(20, count.value() - 2));
            count = Calc.of(count.value(), '-', lost);
            f.set("l", lost).set("z", count);
            question.append(f.fill(" {A.He} loses {l} {obj}."));
            answer.line(f.fill("After losing {l}, {A.he} has {z} {obj}."));
        }
        if (share) {
            int groups = between(rnd, 2, 6);
            if (count.value() % groups != 0) {
                return null;
            }
            count = Calc.of(count.value(), '/', groups);
            f.set("k", groups).set("q", count).set("group", Words.pick(rnd, Words.GROUPS));
            question.append(f.fill(" {A.He} shares them equally among {k} {group}."
                    + " How many {obj} does each of the {group} get?"));
            answer.line(f.fill("Each of the {group} gets {q} {obj}."));
        } else {
            question.append(f.fill(" How many {obj} does {A} have now?"));
        }
        return new Solved(name(), new Problem(question.toString(), answer.end(count.value())),
                count.value());
    }
}
