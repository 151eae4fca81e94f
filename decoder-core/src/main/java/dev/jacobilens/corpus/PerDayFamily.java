package dev.jacobilens.corpus;

import static dev.jacobilens.corpus.Words.between;

import java.util.Random;

/** Rates per day or week: daily earnings over days, pages left to read, weeks of saving. */
final class PerDayFamily implements ProblemFamily {
    @Override
    public String name() {
        return "per_day";
    }

    @Override
    public Solved generate(Random rnd) {
        Template f = new Template().person("A", Words.person(rnd));
        AnswerText answer = new AnswerText();
        String question;
        Calc last;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                int left = between(rnd, 2, 12);
                int used = between(rnd, 2, 10);
                int price = between(rnd, 2, 5);
                int days = between(rnd, 2, 5);
                Calc rest = Calc.of(left + used, '-', used);
                Calc daily = Calc.money(rest.value(), '*', price);
                last = Calc.money(daily.value(), '*', days);
                f.set("e", left + used).set("u", used).set("p", price).set("d", days)
                        .set("r", rest).set("m", daily).set("t", last);
                question = f.fill("{A}'s hens lay {e} eggs each day. {A.He} uses {u} eggs every"
                        + " day and sells the rest for ${p} each. How much money does {A} make in"
                        + " {d} days?");
                answer.line(f.fill("{A} has {r} eggs left to sell each day."))
                        .line(f.fill("{A.He} makes {m} each day."))
                        .line(f.fill("In {d} days {A.he} makes {t}."));
            }
            case 1 -> {
                int perDay = between(rnd, 2, 10);
                int days = between(rnd, 2, 10);
                int read = between(rnd, 5, 40);
                Calc rest = Calc.of(perDay * days + read, '-', read);
                last = Calc.of(rest.value(), '/', perDay);
                f.set("T", perDay * days + read).set("r", read).set("p", perDay)
                        .set("left", rest).set("t", last);
                question = f.fill("A book has {T} pages. {A} has already read {r} pages. If {A.he}"
                        + " reads {p} pages a day, how many days will it take {A.him} to finish"
                        + " the book?");
                answer.line(f.fill("{A} has {left} pages left to read."))
                        .line(f.fill("It will take {A.him} {t} days."));
            }
            default -> {
                int perWeek = between(rnd, 2, 10);
                int weeks = between(rnd, 2, 10);
                int has = between(rnd, 5, 40);
                Calc need = Calc.money(perWeek * weeks + has, '-', has);
                last = Calc.of(need.value(), '/', perWeek);
                f.set("c", perWeek * weeks + has).set("h", has).set("s", perWeek)
                        .set("extra", Words.pick(rnd, Words.SHOP_EXTRAS))
                        .set("need", need).set("t", last);
                question = f.fill("{A} wants to buy {extra} that costs ${c}. {A.He} has ${h} and"
                        + " saves ${s} each week. How many weeks will it take {A.him} to have"
                        + " enough money?");
                answer.line(f.fill("{A} still needs {need}."))
                        .line(f.fill("It will take {A.him} {t} weeks."));
            }
        }
        return new Solved(name(), new Problem(question, answer.end(last.value())), last.value());
    }
}
