package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** Totals: three amounts added in two steps. */
final class TotalFamily implements ProblemFamily {
    @Override
    public String name() {
        return "total";
    }

    @Override
    public Solved generate(Random rnd) {
        int x = between(rnd, 5, 45);
        int y = between(rnd, 2, 30);
        int z = between(rnd, 2, 30);
        Calc s = Calc.of(x, '+', y);
        Calc t = Calc.of(s.value(), '+', z);
        Words.Person a = Words.person(rnd);
        Template f = new Template().person("A", a).person("B", Words.otherPerson(rnd, a))
                .set("obj", Words.pick(rnd, Words.THINGS))
                .set("x", x).set("y", y).set("z", z).set("s", s).set("t", t);
        String question;
        AnswerText answer = new AnswerText();
        if (rnd.nextBoolean()) {
            question = f.fill("{A} has {x} {obj}. {A.He} buys {y} more {obj}, and then {B} gives"
                    + " {A.him} {z} more. How many {obj} does {A} have now?");
            answer.line(f.fill("After buying more, {A} has {s} {obj}."))
                    .line(f.fill("After {B} gives {A.him} {z} more, {A} has {t} {obj}."));
        } else {
            question = f.fill("{A} collected {x} {obj} on Monday, {y} {obj} on Tuesday and {z}"
                    + " {obj} on Wednesday. How many {obj} did {A} collect in all?");
            answer.line(f.fill("On Monday and Tuesday {A} collected {s} {obj}."))
                    .line(f.fill("With Wednesday, {A} collected {t} {obj} in all."));
        }
        return new Solved(name(), new Problem(question, answer.end(t.value())), t.value());
    }
}
