package org.basaltdb.shell.lang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {
  static Statement one(String in) throws ParseException {
    List<Statement> s = Parser.parse(in);
    assertEquals(1, s.size(), in);
    return s.get(0);
  }

  static Value.Str str(String s) {
    return Value.Str.of(s);
  }

  @Test
  void commandWithoutArguments() throws Exception {
    Statement s = one("list");
    assertEquals("list", s.command());
    assertEquals(List.of(), s.args());
    assertEquals(List.of(), one("  status  # a comment").args());
    assertEquals(List.of(), one("list()").args());
  }

  @Test
  void singleAndDoubleQuotedStrings() throws Exception {
    Statement s = one("put 't1', \"r1\", 'f:q', 'v'");
    assertEquals(List.of(str("t1"), str("r1"), str("f:q"), str("v")), s.args());
  }

  @Test
  void doubleQuotesTakeEscapes() throws Exception {
    Value.Str v = (Value.Str) one("get 't', \"a\\x00\\xFFb\\n\\t\\\"\\\\\\x7\"").args().get(1);
    assertArrayEquals(new byte[] {'a', 0, (byte) 0xFF, 'b', '\n', '\t', '"', '\\', 7}, v.bytes());
  }

  @Test
  void singleQuotesKeepBackslashesExceptQuoteAndBackslash() throws Exception {
    Value.Str v = (Value.Str) one("get 't', 'a\\x00\\'\\\\'").args().get(1);
    assertEquals("a\\x00'\\", v.text());
  }

  @Test
  void nonAsciiTextIsUtf8() throws Exception {
    assertArrayEquals("é".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ((Value.Str) one("get 'é'").args().get(0)).bytes());
  }

  @Test
  void numbers() throws Exception {
    assertEquals(List.of(new Value.Int(5), new Value.Int(-3), new Value.Real(0.5),
        new Value.Int(1000000)), one("x 5, -3, 0.5, 1_000_000").args());
  }

  @Test
  void bareWords() throws Exception {
    assertEquals(List.of(new Value.Bool(true), new Value.Bool(false), new Value.Nil()),
        one("x true, false, nil").args());
  }

  @Test
  void hashWithConstants() throws Exception {
    Statement s = one("create 't1', {NAME => 'f1', VERSIONS => 3, IN_MEMORY => true}");
    assertEquals(str("t1"), s.args().get(0));
    Value.Hash h = (Value.Hash) s.args().get(1);
    assertEquals(Map.of("NAME", str("f1"), "VERSIONS", new Value.Int(3), "IN_MEMORY",
        new Value.Bool(true)), h.entries());
    assertEquals(List.of("NAME", "VERSIONS", "IN_MEMORY"), List.copyOf(h.entries().keySet()));
  }

  @Test
  void everyConstantEvaluatesToItsName() throws Exception {
    for (String c : Parser.CONSTANTS) {
      assertEquals(List.of(str(c)), one("x " + c).args(), c);
    }
  }

  @Test
  void trailingPairsFormOneHash() throws Exception {
    Statement s = one("alter 't', NAME => 'f', VERSIONS => 5");
    assertEquals(List.of(str("t"), new Value.Hash(Map.of("NAME", str("f"), "VERSIONS",
        new Value.Int(5)))), s.args());
    Statement d = one("alter 't', 'delete' => 'f'");
    assertEquals(new Value.Hash(Map.of("delete", str("f"))), d.args().get(1));
    Statement m = one("alter 't', NAME => 'f', METHOD => 'delete'");
    assertEquals(str("delete"), ((Value.Hash) m.args().get(1)).entries().get("METHOD"));
  }

  @Test
  void arraysNestedInHashes() throws Exception {
    Statement s = one("create 't', 'f', SPLITS => ['a', 'b', \"\\x01\",]");
    Value.Hash h = (Value.Hash) s.args().get(2);
    assertEquals(new Value.Arr(List.of(str("a"), str("b"), new Value.Str(new byte[] {1}))),
        h.entries().get("SPLITS"));
    Statement g = one("get 't', 'r', {COLUMNS => ['f:a', 'f:b'], TIMERANGE => [1, 2]}");
    assertEquals(new Value.Arr(List.of(new Value.Int(1), new Value.Int(2))),
        ((Value.Hash) g.args().get(2)).entries().get("TIMERANGE"));
    assertEquals(new Value.Arr(List.of()), one("x []").args().get(0));
    assertEquals(new Value.Hash(Map.of()), one("x {}").args().get(0));
  }

  @Test
  void severalHashArguments() throws Exception {
    Statement s = one("create 't', {NAME => 'a'}, {NAME => 'b', TTL => 10}");
    assertEquals(3, s.args().size());
  }

  @Test
  void parenthesesAroundArguments() throws Exception {
    assertEquals(List.of(str("t"), str("f")), one("create('t', 'f')").args());
  }

  @Test
  void statementsSeparatedBySemicolonsAndNewlines() throws Exception {
    List<Statement> s = Parser.parse("list; status\n\nversion;;\n  whoami ");
    assertEquals(List.of("list", "status", "version", "whoami"),
        s.stream().map(Statement::command).toList());
    assertEquals(3, s.get(2).line());
    assertEquals(3, s.get(3).column());
  }

  @Test
  void statementContinuesAfterCommaArrowAndInsideBrackets() throws Exception {
    List<Statement> s = Parser.parse("create 't',\n  {NAME => 'f',\n VERSIONS =>\n 2}\nlist");
    assertEquals(2, s.size());
    assertEquals(2, s.get(0).args().size());
    assertEquals(1, Parser.parse("put 't', \\\n 'r', 'f:q', 'v'").size());
  }

  @Test
  void unfinishedInputIsIncomplete() {
    for (String in : List.of("put 't',", "create 't', {NAME => 'f'", "scan 't', {COLUMNS => ['a'",
        "put 't', 'abc", "put 't', \"a\\", "alter 't', NAME =>", "create('t'")) {
      assertTrue(Parser.isIncomplete(in), in);
      assertThrows(ParseException.Incomplete.class, () -> Parser.parse(in), in);
    }
    assertFalse(Parser.isIncomplete("put 't', 'r'"));
    assertFalse(Parser.isIncomplete("put 't' 'r'")); // wrong, not unfinished
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "put 't' 'r'|1|9|expected ',' or end of command but found string 'r'",
      "put 't', foo|1|10|unknown word 'foo'",
      "NAME|1|1|expected a command name but found 'NAME'",
      "\"list\"|1|1|expected a command name",
      "get 't', 'r', {NAME 'f'}|1|21|expected '=>' but found string 'f'",
      "x [1 2]|1|6|expected ',' or ']' but found '2'",
      "x {1 => 2}|1|4|a hash key must be a string or a constant, not integer 1",
      "x {NAME => 'a', NAME => 'b'}|1|17|duplicate key NAME",
      "x NAME => 1, 'b'|1|14|a plain argument cannot follow KEY => value pairs",
      "x \"\\xZZ\"|1|4|invalid hex escape",
      "x 12ab|1|3|malformed number '12a'",
      "x 99999999999999999999|1|3|number out of range",
      "x 'a' = 'b'|1|7|unexpected '=' (did you mean '=>'?)",
      "x 'a' @|1|7|unexpected character '@'",
      "x )|1|3|expected a value but found ')'",
      "list\\nput 't',, 'r'|2|9|expected a value but found ','",
  })
  void malformedInputNamesThePosition(String in, int line, int col, String msg) {
    ParseException e = assertThrows(ParseException.class, () -> Parser.parse(
        in.replace("\\n", "\n")));
    assertFalse(e instanceof ParseException.Incomplete, e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(col, e.column(), e.getMessage());
    assertTrue(e.getMessage().startsWith("syntax error at line " + line + ", column " + col
        + ": " + msg), e.getMessage());
  }

  @Test
  void valuesShowThemselves() throws Exception {
    Value v = one("x {NAME => \"\\xFF\", VERSIONS => [1, true]}").args().get(0);
    assertInstanceOf(Value.Hash.class, v);
  }
}
