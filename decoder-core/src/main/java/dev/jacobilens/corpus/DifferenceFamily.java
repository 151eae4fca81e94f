package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** Differences: "fewer than" / "more than" comparisons, then a total or a multiple. */
final class DifferenceFamily implements ProblemFamily {
    @Override
    public String name() {
        return "difference";
    }

    @Override
    public Solved generate(Random rnd) {
        Words.Person a = Words.person(rnd);
        Words.Person b = Words.otherPerson(rnd, a);
        Template f = new Template().person("A", a).person("B", b)
                .set("obj", Words.pick(rnd, Words.THINGS));
        AnswerText answer = new AnswerText();
        String question;
        Calc last;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                int x = between(rnd, 20, 60);
                int d = between(rnd, 2, 19);
                Calc other = Calc.of(x, '-', d);
                last = Calc.of(x, '+', other.value());
                f.set("x", x).set("d", d).set("b", other).set("t", last);
                question = f.fill("{A} has {x} {obj}. {B} has {d} fewer {obj} than {A}."
                        + " How many {obj} do they have together?");
                answer.line(f.fill("{B} has {b} {obj}."))
                        .line(f.fill("Together they have {t} {obj}."));
            }
            case 1 -> {
                int x = between(rnd, 5, 40);
                int d = between(rnd, 2, 25);
                Calc other = Calc.of(x, '+', d);
                last = Calc.of(x, '+', other.value());
                f.set("x", x).set("d", d).set("b", other).set("t", last);
                question = f.fill("{A} has {x} {obj}. {B} has {d} more {obj} than {A}."
                        + " How many {obj} do they have together?");
                answer.line(f.fill("{B} has {b} {obj}."))
                        .line(f.fill("Together they have {t} {obj}."));
            }
            default -> {
                // Keep B's count small so "k times as many" stays a times-table fact.
                int other = between(rnd, 2, 12);
                int d = between(rnd, 2, 30);
                int k = between(rnd, 2, 5);
                Calc bCount = Calc.of(other + d, '-', d);
                last = Calc.of(bCount.value(), '*', k);
                Words.Person c = Words.otherPerson(rnd, a);
                while (c.equals(b)) {
                    c = Words.otherPerson(rnd, a);
                }
                f.person("C", c).set("x", other + d).set("d", d).set("k", k)
                        .set("b", bCount).set("t", last);
                question = f.fill("{A} has {x} {obj}. {B} has {d} fewer {obj} than {A}, and {C}"
                        + " has {k} times as many {obj} as {B}. How many {obj} does {C} have?");
                answer.line(f.fill("{B} has {b} {obj}."))
                        .line(f.fill("{C} has {t} {obj}."));
            }
        }
        return new Solved(name(), new Problem(question, answer.end(last.value())), last.value());
    }
}
