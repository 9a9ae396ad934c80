package org.basaltdb.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Table names: HBase's legal characters, with the namespace before a colon. */
class TableNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"t", "usertable", "User_Table-2.v1", "_x", "0abc", "ns:t", "a.b:c-d"})
  void legalNamesParse(String name) {
    TableName t = TableName.valueOf(name);
    assertEquals(name.contains(":") ? name : "default:" + name,
        t.namespace() + ":" + t.qualifier());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-t", ".t", "t t", "tä", "t/x", "t*", "ns:-t", "n s:t", "t:"})
  void illegalNamesAreRefusedWithTheName(String name) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableName.valueOf(name));
    assertTrue(e.getMessage().contains("name"), e.getMessage());
  }
}
