/**
 * Types for the part of Papa Parse (5.x) the CSV importer uses: parsing a string, row by row.
 * The importer loads it by path, 'papaparse/papaparse.js', so that @types/papaparse is not
 * pulled into shared/: those types start with `/// <reference types="node" />`, which would
 * make Node globals (Buffer, process) compile in every shared/ file and undo the boundary
 * shared/tsconfig.json keeps.
 */
declare module 'papaparse/papaparse.js' {
  interface PapaError {
    type: 'Quotes' | 'Delimiter' | 'FieldMismatch';
    code: string;
    message: string;
    row?: number;
  }
  interface PapaMeta {
    delimiter: string;
    linebreak: string;
    aborted: boolean;
    truncated: boolean;
    cursor: number;
  }
  interface PapaResult {
    data: string[][];
    errors: PapaError[];
    meta: PapaMeta;
  }
  interface PapaStepResult {
    data: string[];
    errors: PapaError[];
    meta: PapaMeta;
  }
  interface PapaParser {
    abort(): void;
  }
  interface PapaConfig {
    delimiter?: string;
    delimitersToGuess?: string[];
    newline?: '' | '\r\n' | '\n' | '\r';
    quoteChar?: string;
    escapeChar?: string;
    header?: false;
    dynamicTyping?: false;
    preview?: number;
    skipEmptyLines?: boolean | 'greedy';
    step?: (result: PapaStepResult, parser: PapaParser) => void;
  }
  const Papa: {
    /** With `step`, rows arrive one by one and nothing useful is returned. */
    parse(input: string, config: PapaConfig & { step: NonNullable<PapaConfig['step']> }): void;
    parse(input: string, config: PapaConfig): PapaResult;
  };
  export default Papa;
}
