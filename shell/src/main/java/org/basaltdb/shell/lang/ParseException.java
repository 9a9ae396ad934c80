package org.basaltdb.shell.lang;

/** Input that is not valid shell syntax; the message names the line and column. */
public class ParseException extends Exception {
  private final int line;
  private final int column;

  public ParseException(String what, int line, int column) {
    super("syntax error at line " + line + ", column " + column + ": " + what);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /**
   * Input that ends inside a string, bracket or after a comma or {@code =>}: not wrong yet, only
   * unfinished. The interactive shell asks for another line instead of reporting it.
   */
  public static final class Incomplete extends ParseException {
    public Incomplete(String what, int line, int column) {
      super(what, line, column);
    }
  }
}
