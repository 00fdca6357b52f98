/**
 * Finds SQL built from values: calls of `prepare`, `query`, `exec` and `pragma` whose SQL text is not made of
 * constants alone. Values belong in parameters (`?`, `@name`, `$1`); text assembled with `+` or `${...}` is
 * fine only when every piece is a constant the code itself holds. Read with the TypeScript compiler, following
 * names to their declarations (across files), so a constant imported from another module counts as one and a
 * function parameter counts only when every call passes a constant.
 *
 * A constant is: a literal; a number or boolean (whatever its source: it cannot carry SQL); a template, `+`,
 * `??`, `||` or `?:` of constants; an array or object literal of constants, an element or property of one,
 * and what `filter`, `find`, `slice`, `at`, `join`, `map` and `Object.keys/values` make of one; a `const`
 * (a `let` when every assignment is constant); a loop variable over a constant; a parameter every caller
 * passes a constant; a call of a function that returns constants given its arguments.
 */
import ts from 'typescript';

export interface SqlFinding {
  file: string;
  line: number;
  /** The SQL argument, shortened. */
  sql: string;
  /** The part that is not a constant. */
  value: string;
}

const SINKS = new Set(['prepare', 'query', 'exec', 'pragma']);
const KEEPS_ELEMENTS = new Set(['filter', 'find', 'findLast', 'slice', 'at', 'concat', 'sort', 'toSorted', 'reverse', 'flat']);
const CALLBACK_ELEMENTS = new Set(['map', 'flatMap']);

/** SQL built from values in `files` (and every call site in `callerFiles`, which default to `files`). */
export function findSqlBuiltFromValues(files: readonly string[], callerFiles: readonly string[] = files): SqlFinding[] {
  const program = ts.createProgram([...new Set([...files, ...callerFiles])], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  return new ConstantSql(program, callerFiles).scan(files);
}

class ConstantSql {
  private readonly checker: ts.TypeChecker;
  private readonly callers: ts.SourceFile[];
  /** Nodes being judged: met again inside themselves (recursion), they add nothing new. */
  private readonly judging = new Set<ts.Node>();

  constructor(
    private readonly program: ts.Program,
    callerFiles: readonly string[],
  ) {
    this.checker = program.getTypeChecker();
    this.callers = callerFiles.map((file) => program.getSourceFile(file)!).filter(Boolean);
  }

  scan(files: readonly string[]): SqlFinding[] {
    const findings: SqlFinding[] = [];
    for (const file of files) {
      const source = this.program.getSourceFile(file);
      if (!source) throw new Error(`cannot read ${file}`);
      const visit = (node: ts.Node): void => {
        const sql = this.sqlArgument(node);
        if (sql) {
          const value = this.nonConstant(sql, new Set());
          if (value) {
            findings.push({
              file,
              line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
              sql: oneLine(sql.getText()).slice(0, 120),
              value: oneLine(value.getText()).slice(0, 120),
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    return findings;
  }

  /** The SQL text a call passes, when it is a call that runs SQL. */
  private sqlArgument(node: ts.Node): ts.Expression | undefined {
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !SINKS.has(node.expression.name.text)) return undefined;
    const receiver = this.checker.getTypeAtLocation(node.expression.expression);
    if (['RegExp', 'String'].includes(receiver.getSymbol()?.name ?? '')) return undefined;
    const first = node.arguments[0];
    if (!first) return undefined;
    if (this.isStringLike(first)) return first;
    // node-postgres also takes { text, values }; any other object (a Submittable) runs SQL of its own, which
    // is found where it calls query.
    if (ts.isObjectLiteralExpression(first)) {
      const text = first.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'text');
      if (text && ts.isPropertyAssignment(text)) return text.initializer;
    }
    return undefined;
  }

  /** The part of the expression that is not a constant, or undefined when it all is. */
  private nonConstant(expr: ts.Expression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    expr = skipOuter(expr);
    if (this.judging.has(expr)) return undefined;
    this.judging.add(expr);
    try {
      return this.judge(expr, bound);
    } finally {
      this.judging.delete(expr);
    }
  }

  private judge(expr: ts.Expression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr)) return undefined;
    if (this.isNumberOrBoolean(expr)) return undefined;
    if (ts.isTemplateExpression(expr)) return this.first(expr.templateSpans.map((span) => span.expression), bound);
    if (ts.isBinaryExpression(expr)) {
      const op = expr.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        return this.first([expr.left, expr.right], bound);
      }
      return expr;
    }
    if (ts.isConditionalExpression(expr)) return this.first([expr.whenTrue, expr.whenFalse], bound);
    if (ts.isArrayLiteralExpression(expr)) return this.first(expr.elements.map((e) => (ts.isSpreadElement(e) ? e.expression : e)), bound);
    if (ts.isObjectLiteralExpression(expr)) return this.objectLiteral(expr, bound);
    if (ts.isIdentifier(expr)) return this.identifier(expr, bound);
    if (ts.isElementAccessExpression(expr)) return this.nonConstant(expr.expression, bound);
    if (ts.isPropertyAccessExpression(expr)) return this.propertyAccess(expr, bound);
    if (ts.isCallExpression(expr)) return this.call(expr, bound);
    return expr;
  }

  private first(exprs: readonly ts.Expression[], bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    for (const e of exprs) {
      const found = this.nonConstant(e, bound);
      if (found) return found;
    }
    return undefined;
  }

  private objectLiteral(expr: ts.ObjectLiteralExpression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    for (const property of expr.properties) {
      const value = ts.isPropertyAssignment(property)
        ? property.initializer
        : ts.isShorthandPropertyAssignment(property)
          ? property.name
          : ts.isSpreadAssignment(property)
            ? property.expression
            : undefined;
      if (!value) continue; // methods and accessors are code, not values
      const found = this.nonConstant(value, bound);
      if (found) return found;
    }
    return undefined;
  }

  private identifier(expr: ts.Identifier, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    if (expr.text === 'undefined') return undefined;
    const symbol = this.symbolOf(expr);
    if (!symbol) return expr;
    if (bound.has(symbol)) return undefined;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) return expr;
    if (ts.isEnumMember(declaration)) return undefined;
    if (ts.isBindingElement(declaration)) {
      const variable = ts.walkUpBindingElementsAndPatterns(declaration);
      return ts.isVariableDeclaration(variable) && variable.initializer ? this.nonConstant(variable.initializer, new Set()) : expr;
    }
    if (ts.isVariableDeclaration(declaration)) return this.variable(declaration, symbol, expr);
    if (ts.isParameter(declaration)) return this.parameter(declaration, expr);
    return expr;
  }

  private variable(declaration: ts.VariableDeclaration, symbol: ts.Symbol, use: ts.Node): ts.Node | undefined {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) return this.nonConstant(list.parent.expression, new Set());
    if (!declaration.initializer) return use;
    const initial = this.nonConstant(declaration.initializer, new Set());
    if (initial || (list.flags & ts.NodeFlags.Const) !== 0) return initial;
    // A let: every value it is given counts.
    let found: ts.Node | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && ts.isIdentifier(node.left) && this.symbolOf(node.left) === symbol) {
        found = this.nonConstant(node.right, new Set());
      }
      ts.forEachChild(node, visit);
    };
    visit(declaration.getSourceFile());
    return found;
  }

  /**
   * A parameter: an element of a constant collection when it is a callback's (`CONSTANT.map((x) => ...)`), or
   * else constant when every call of its function (or `new` of its class) passes a constant or leaves the default.
   */
  private parameter(declaration: ts.ParameterDeclaration, use: ts.Node): ts.Node | undefined {
    const fn = declaration.parent;
    const call = fn.parent;
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(call) && call.arguments.includes(fn)) {
      return ts.isPropertyAccessExpression(call.expression) ? this.nonConstant(call.expression.expression, new Set()) : use;
    }
    const target = this.functionSymbol(fn);
    if (!target) return use;
    const index = fn.parameters.indexOf(declaration);
    const calls = this.callsOf(target);
    if (calls.length === 0) return use;
    for (const site of calls) {
      const argument = site.arguments?.[index];
      const found = argument ? this.nonConstant(argument, new Set()) : declaration.initializer ? this.nonConstant(declaration.initializer, new Set()) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private propertyAccess(expr: ts.PropertyAccessExpression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    const symbol = this.symbolOf(expr.name);
    const declaration = symbol?.valueDeclaration;
    // A constructor's parameter property (`constructor(private readonly text: string)`).
    if (declaration && ts.isParameter(declaration)) return this.parameter(declaration, expr);
    if (declaration && ts.isPropertyDeclaration(declaration)) {
      const readonly = ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly;
      return readonly && declaration.initializer ? this.nonConstant(declaration.initializer, new Set()) : expr;
    }
    return this.nonConstant(expr.expression, bound);
  }

  private call(expr: ts.CallExpression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    const callee = expr.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const receiver = callee.expression;
      if (ts.isIdentifier(receiver) && receiver.text === 'Object' && ['keys', 'values'].includes(method)) return this.first(expr.arguments, bound);
      if (KEEPS_ELEMENTS.has(method)) return this.nonConstant(receiver, bound) ?? (method === 'concat' ? this.first(expr.arguments, bound) : undefined);
      if (method === 'join') return this.nonConstant(receiver, bound) ?? this.first(expr.arguments, bound);
      if (CALLBACK_ELEMENTS.has(method)) return this.mapped(expr, receiver, bound);
    }
    return this.userFunctionCall(expr, bound);
  }

  /** `xs.map(f)`: constant when f returns constants, its parameters counting as constant when xs is. */
  private mapped(expr: ts.CallExpression, receiver: ts.Expression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    const callback = expr.arguments[0];
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return expr;
    const inner = new Set(bound);
    if (!this.nonConstant(receiver, bound)) for (const p of callback.parameters) inner.add(this.checker.getSymbolAtLocation(p.name)!);
    return this.first(returnedExpressions(callback), inner);
  }

  /** A call of a function of the code's own: constant when what it returns is, given which arguments are. */
  private userFunctionCall(expr: ts.CallExpression, bound: ReadonlySet<ts.Symbol>): ts.Node | undefined {
    const symbol = this.symbolOf(ts.isPropertyAccessExpression(expr.expression) ? expr.expression.name : expr.expression);
    const declaration = symbol?.valueDeclaration;
    const fn =
      declaration && ts.isFunctionDeclaration(declaration)
        ? declaration
        : declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
          ? declaration.initializer
          : undefined;
    if (!fn?.body) return expr;
    const inner = new Set<ts.Symbol>();
    fn.parameters.forEach((parameter, i) => {
      const argument = expr.arguments[i];
      if (argument && !this.nonConstant(argument, bound)) inner.add(this.checker.getSymbolAtLocation(parameter.name)!);
    });
    return this.first(returnedExpressions(fn), inner) && expr;
  }

  private functionSymbol(fn: ts.SignatureDeclaration): ts.Symbol | undefined {
    if (ts.isConstructorDeclaration(fn)) return this.checker.getSymbolAtLocation(fn.parent.name!);
    if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return this.checker.getSymbolAtLocation(fn.name);
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent)) return this.checker.getSymbolAtLocation(fn.parent.name);
    return undefined;
  }

  /** Every call (or `new`) of the function or class in the caller files. */
  private callsOf(target: ts.Symbol): (ts.CallExpression | ts.NewExpression)[] {
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    for (const source of this.callers) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
          // Names first: resolving every callee of the code base would type-check all of it.
          if (ts.isIdentifier(callee) && callee.text === target.name && this.symbolOf(callee) === target) calls.push(node);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    return calls;
  }

  private symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  private isStringLike(expr: ts.Expression): boolean {
    return everyMember(this.checker.getTypeAtLocation(expr), (t) => (t.flags & ts.TypeFlags.StringLike) !== 0);
  }

  private isNumberOrBoolean(expr: ts.Expression): boolean {
    const safe = ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike;
    return everyMember(this.checker.getTypeAtLocation(expr), (t) => (t.flags & safe) !== 0);
  }
}

function everyMember(type: ts.Type, test: (t: ts.Type) => boolean): boolean {
  return type.isUnion() ? type.types.every(test) : test(type);
}

function skipOuter(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isTypeAssertionExpression(expr)) {
      expr = expr.expression;
    } else {
      return expr;
    }
  }
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** What a function returns: its expression body, or the expression of each return statement of its own. */
function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
