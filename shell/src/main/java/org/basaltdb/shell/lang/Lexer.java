package org.basaltdb.shell.lang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits shell input into tokens. Strings follow Ruby: single quotes take only {@code \\} and
 * {@code \'} as escapes; double quotes also take {@code \n \t \r \e \0 \a \b \f \v \s \"} and
 * {@code \xN}/{@code \xNN} (one raw byte), any other escaped character standing for itself.
 * {@code #} starts a comment outside strings; a backslash at the end of a line joins the next.
 */
final class Lexer {
  enum Kind { WORD, STRING, INT, REAL, LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA,
    ARROW, SEMI, NEWLINE, EOF }

  record Token(Kind kind, String text, byte[] bytes, int line, int column) {
    String describe() {
      return switch (kind) {
        case EOF -> "end of input";
        case NEWLINE -> "end of line";
        case STRING -> "string " + new Value.Str(bytes).show();
        default -> "'" + text + "'";
      };
    }
  }

  private final String in;
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> tokenize(String input) throws ParseException {
    return new Lexer(input).run();
  }

  private int column() {
    return pos - lineStart + 1;
  }

  private List<Token> run() throws ParseException {
    List<Token> out = new ArrayList<>();
    while (true) {
      skipBlanks();
      if (pos >= in.length()) {
        out.add(new Token(Kind.EOF, "", null, line, column()));
        return out;
      }
      int l = line;
      int c = column();
      char ch = in.charAt(pos);
      switch (ch) {
        case '\n' -> {
          out.add(new Token(Kind.NEWLINE, "\n", null, l, c));
          pos++;
          line++;
          lineStart = pos;
        }
        case '(' -> out.add(single(Kind.LPAREN, l, c));
        case ')' -> out.add(single(Kind.RPAREN, l, c));
        case '[' -> out.add(single(Kind.LBRACKET, l, c));
        case ']' -> out.add(single(Kind.RBRACKET, l, c));
        case '{' -> out.add(single(Kind.LBRACE, l, c));
        case '}' -> out.add(single(Kind.RBRACE, l, c));
        case ',' -> out.add(single(Kind.COMMA, l, c));
        case ';' -> out.add(single(Kind.SEMI, l, c));
        case '=' -> {
          if (pos + 1 < in.length() && in.charAt(pos + 1) == '>') {
            pos += 2;
            out.add(new Token(Kind.ARROW, "=>", null, l, c));
          } else {
            throw new ParseException("unexpected '=' (did you mean '=>'?)", l, c);
          }
        }
        case '\'', '"' -> out.add(string(ch, l, c));
        default -> {
          if (isDigit(ch) || (ch == '-' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
            out.add(number(l, c));
          } else if (Character.isLetter(ch) || ch == '_') {
            int start = pos;
            while (pos < in.length() && (Character.isLetterOrDigit(in.charAt(pos))
                || in.charAt(pos) == '_')) {
              pos++;
            }
            String w = in.substring(start, pos);
            out.add(new Token(Kind.WORD, w, null, l, c));
          } else {
            throw new ParseException("unexpected character '" + ch + "'", l, c);
          }
        }
      }
    }
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  private Token single(Kind k, int l, int c) {
    pos++;
    return new Token(k, in.substring(pos - 1, pos), null, l, c);
  }

  private void skipBlanks() {
    while (pos < in.length()) {
      char ch = in.charAt(pos);
      if (ch == ' ' || ch == '\t' || ch == '\r') {
        pos++;
      } else if (ch == '#') {
        while (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
        }
      } else if (ch == '\\' && pos + 1 < in.length() && in.charAt(pos + 1) == '\n') {
        pos += 2;
        line++;
        lineStart = pos;
      } else {
        return;
      }
    }
  }

  private Token number(int l, int c) throws ParseException {
    int start = pos;
    if (in.charAt(pos) == '-') {
      pos++;
    }
    while (pos < in.length() && (isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
      pos++;
    }
    boolean real = false;
    if (pos + 1 < in.length() && in.charAt(pos) == '.' && isDigit(in.charAt(pos + 1))) {
      real = true;
      pos++;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
    }
    if (pos < in.length() && (Character.isLetter(in.charAt(pos)) || in.charAt(pos) == '.')) {
      throw new ParseException("malformed number '" + in.substring(start, pos + 1) + "'", l, c);
    }
    String text = in.substring(start, pos);
    return new Token(real ? Kind.REAL : Kind.INT, text, null, l, c);
  }

  private Token string(char quote, int l, int c) throws ParseException {
    pos++;
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StringBuilder chars = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        throw new ParseException.Incomplete("unterminated string (missing " + quote + ")", l, c);
      }
      char ch = in.charAt(pos);
      if (ch == quote) {
        pos++;
        flush(chars, b);
        return new Token(Kind.STRING, in.substring(0, 0), b.toByteArray(), l, c);
      }
      if (ch == '\n') {
        line++;
        lineStart = pos + 1;
      }
      if (ch != '\\') {
        chars.append(ch);
        pos++;
        continue;
      }
      if (pos + 1 >= in.length()) {
        throw new ParseException.Incomplete("unterminated string (missing " + quote + ")", l, c);
      }
      int escCol = column();
      char e = in.charAt(pos + 1);
      pos += 2;
      if (quote == '\'') {
        if (e != '\\' && e != '\'') {
          chars.append('\\');
        }
        chars.append(e);
        continue;
      }
      switch (e) {
        case 'n' -> chars.append('\n');
        case 't' -> chars.append('\t');
        case 'r' -> chars.append('\r');
        case 'e' -> chars.append('\u001b');
        case '0' -> chars.append('\0');
        case 'a' -> chars.append('\u0007');
        case 'b' -> chars.append('\b');
        case 'f' -> chars.append('\f');
        case 'v' -> chars.append('\u000b');
        case 's' -> chars.append(' ');
        case 'x' -> {
          int v = 0;
          int digits = 0;
          while (digits < 2 && pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
            v = v * 16 + Character.digit(in.charAt(pos), 16);
            pos++;
            digits++;
          }
          if (digits == 0) {
            throw new ParseException("invalid hex escape: \\x must be followed by one or two hex"
                + " digits", l, escCol);
          }
          flush(chars, b);
          b.write(v);
        }
        case '\n' -> {
          line++;
          lineStart = pos;
        }
        default -> chars.append(e);
      }
    }
  }

  private static void flush(StringBuilder chars, ByteArrayOutputStream b) {
    if (chars.length() > 0) {
      b.writeBytes(chars.toString().getBytes(StandardCharsets.UTF_8));
      chars.setLength(0);
    }
  }
}
