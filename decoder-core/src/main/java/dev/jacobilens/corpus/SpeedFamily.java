package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** Rates, speed times time: distance over two legs, or distance still to go. */
final class SpeedFamily implements ProblemFamily {
    @Override
    public String name() {
        return "speed";
    }

    @Override
    public Solved generate(Random rnd) {
        AnswerText answer = new AnswerText();
        String question;
        Calc last;
        if (rnd.nextBoolean()) {
            // Vehicle speeds in tens keep the products to one times-table fact plus a zero.
            int v = 10 * between(rnd, 1, 6);
            int h = between(rnd, 2, 5);
            int w = 10 * between(rnd, 1, 6);
            int k = between(rnd, 2, 5);
            Calc first = Calc.of(v, '*', h);
            Calc second = Calc.of(w, '*', k);
            last = Calc.of(first.value(), '+', second.value());
            Template f = new Template().set("vehicle", Words.pick(rnd, Words.VEHICLES))
                    .set("v", v).set("h", h).set("w", w).set("k", k)
                    .set("d1", first).set("d2", second).set("t", last);
            question = f.fill("A {vehicle} travels at {v} miles per hour for {h} hours and then"
                    + " at {w} miles per hour for {k} hours. How many miles does the {vehicle}"
                    + " travel in total?");
            answer.line(f.fill("In the first part the {vehicle} travels {d1} miles."))
                    .line(f.fill("In the second part it travels {d2} miles."))
                    .line(f.fill("In total it travels {t} miles."));
        } else {
            int v = between(rnd, 3, 12);
            int h = between(rnd, 2, 6);
            Calc ridden = Calc.of(v, '*', h);
            int far = ridden.value() + between(rnd, 2, 40);
            last = Calc.of(far, '-', ridden.value());
            Template f = new Template().person("A", Words.person(rnd))
                    .set("v", v).set("h", h).set("far", far).set("d", ridden).set("t", last);
            question = f.fill("{A} rides {A.his} bike at {v} miles per hour for {h} hours. The"
                    + " lake is {far} miles away. How many more miles does {A.he} have to ride?");
            answer.line(f.fill("{A} rides {d} miles."))
                    .line(f.fill("{A.He} still has to ride {t} miles."));
        }
        return new Solved(name(), new Problem(question, answer.end(last.value())), last.value());
    }
}
