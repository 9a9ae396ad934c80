package org.basaltdb.regionserver.filter;

/**
 * Marks the filters HBase 2.6 marks as hinting ({@code HintingFilter}): those whose seek hints
 * an AND {@link FilterList} asks for even after an earlier sub-filter has already excluded the
 * cell, and whose passing a row key keeps an AND list from rejecting it. ColumnPrefixFilter,
 * ColumnRangeFilter, MultipleColumnPrefixFilter and TimestampsFilter; not PrefixFilter or
 * ColumnPaginationFilter, although they give hints too.
 */
interface HintingFilter {}
