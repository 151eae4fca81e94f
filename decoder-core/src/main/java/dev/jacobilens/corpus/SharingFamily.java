package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** What is left after giving some away, and sharing the rest equally. */
final class SharingFamily implements ProblemFamily {
    @Override
    public String name() {
        return "sharing";
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
        if (rnd.nextInt(3) < 2) {
            // Work backwards from the share so the division is always exact.
            int k = between(rnd, 2, 6);
            int each = between(rnd, 2, 12);
            int g = between(rnd, 2, 25);
            Calc rest = Calc.of(k * each + g, '-', g);
            last = Calc.of(rest.value(), '/', k);
            f.set("x", k * each + g).set("g", g).set("k", k).set("r", rest).set("q", last)
                    .set("group", Words.pick(rnd, Words.GROUPS));
            question = f.fill("{A} has {x} {obj}. {A.He} gives {g} {obj} to {B} and shares the"
                    + " rest equally among {k} {group}. How many {obj} does each of the {group} get?");
            answer.line(f.fill("After giving {g} to {B}, {A} has {r} {obj} left."))
                    .line(f.fill("Each of the {group} gets {q} {obj}."));
        } else {
            Words.Person c = Words.otherPerson(rnd, a);
            while (c.equals(b)) {
                c = Words.otherPerson(rnd, a);
            }
            int g = between(rnd, 2, 30);
            int h = between(rnd, 2, 30);
            int x = g + h + between(rnd, 1, 40);
            Calc afterB = Calc.of(x, '-', g);
            last = Calc.of(afterB.value(), '-', h);
            f.person("C", c).set("x", x).set("g", g).set("h", h).set("r", afterB).set("t", last);
            question = f.fill("{A} had {x} {obj}. {A.He} gave {g} {obj} to {B} and {h} {obj} to"
                    + " {C}. How many {obj} does {A} have left?");
            answer.line(f.fill("After giving {g} to {B}, {A} has {r} {obj}."))
                    .line(f.fill("After giving {h} to {C}, {A} has {t} {obj} left."));
        }
        return new Solved(name(), new Problem(question, answer.end(last.value())), last.value());
    }
}
