package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** Rates, price per item: cost of several items plus one extra, then total or change. */
final class PriceFamily implements ProblemFamily {
    @Override
    public String name() {
        return "price";
    }

    @Override
    public Solved generate(Random rnd) {
        int n = between(rnd, 2, 9);
        int p = between(rnd, 2, 9);
        // Keep the total under $100 so the largest bill always leaves some change.
        int extra = between(rnd, 2, Math.min(20, 99 - n * p));
        Calc items = Calc.money(n, '*', p);
        Calc spent = Calc.money(items.value(), '+', extra);
        Template f = new Template().person("A", Words.person(rnd))
                .set("n", n).set("p", p).set("c", extra)
                .set("items", Words.pick(rnd, Words.SHOP_ITEMS))
                .set("extra", Words.pick(rnd, Words.SHOP_EXTRAS))
                .set("s", items).set("t", spent);
        String setup = "{A} buys {n} {items} for ${p} each and {extra} for ${c}.";
        AnswerText answer = new AnswerText()
                .line(f.fill("The {items} cost {s}."))
                .line(f.fill("In total {A} spends {t}."));
        String question;
        Calc last;
        if (rnd.nextBoolean()) {
            question = f.fill(setup + " How much money does {A} spend in total?");
            last = spent;
        } else {
            int bill = spent.value() < 50 ? 50 : 100;
            last = Calc.money(bill, '-', spent.value());
            f.set("bill", bill).set("change", last);
            question = f.fill(setup + " {A.He} pays with a ${bill} bill. How much change does {A.he}"
                    + " get?");
            answer.line(f.fill("{A} gets {change} in change."));
        }
        return new Solved(name(), new Problem(question, answer.end(last.value())), last.value());
    }
}
