import java.util.regex.Pattern;

/**
 * Matches messages against Allure categories' regular expressions the way Allure 2 does
 * (CategoriesPlugin: Pattern.compile(regex, DOTALL).matcher(message).matches()), for
 * test/report/categories.test.ts. Arguments: the number of regexes n, the n regexes, then the
 * messages; prints one line per message with the indexes of the regexes it matches.
 */
public class CategoryMatch {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Pattern[] patterns = new Pattern[n];
        for (int i = 0; i < n; i++) patterns[i] = Pattern.compile(args[1 + i], Pattern.DOTALL);
        for (int m = 1 + n; m < args.length; m++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) if (patterns[i].matcher(args[m]).matches()) line.append(line.length() == 0 ? "" : " ").append(i);
            System.out.println(line);
        }
    }
}
