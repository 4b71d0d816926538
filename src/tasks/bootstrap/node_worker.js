// stepwise's Node.js Lambda worker: loads one handler (as the AWS Lambda
// Node.js runtime does) and serves invocations until stdin closes, so module
// state stays warm between invocations like a Lambda execution environment.
//
// Protocol (line-delimited, one invocation at a time):
//   stdin  <- {"id": requestId, "deadline": epochMillis, "arn": invokedFunctionArn, "event": <event>}
//   fd 3   -> "I - ready|error" once, when the handler is loaded (Lambda's init phase), then per
//             invocation "R <id> <response JSON>" | "E <id> <error document>" | "F <id> <error document>"
//             (F: the environment is broken, e.g. the handler failed to load; the worker exits)
//   stdout/stderr: the handler's own output; after each invocation the worker
//   writes "\x1fSTEPWISE_END <id>\n" to stdout so the parent can cut the logs.
// Settings come from the environment: _HANDLER, LAMBDA_TASK_ROOT,
// AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
// AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const PROTOCOL_FD = 3;
const env = process.env;
const taskRoot = env.LAMBDA_TASK_ROOT || process.cwd();
const handlerString = env._HANDLER || '';

function writeAll(fd, text) {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}

function send(kind, id, text) {
  writeAll(PROTOCOL_FD, kind + ' ' + id + ' ' + text + '\n');
}

function endLogs(id) {
  process.stdout.write('\x1fSTEPWISE_END ' + id + '\n');
}

function isError(e) {
  return util.types.isNativeError(e) || (e && typeof e === 'object' && typeof e.name === 'string' &&
                                         typeof e.message === 'string' && typeof e.stack === 'string');
}

// The error document the AWS Node.js runtime writes for a failed invocation.
function errorDocument(error) {
  try {
    if (isError(error)) {
      return {
        errorType: String(error.name).replace(/\x7F/g, '%7F'),
        errorMessage: String(error.message).replace(/\x7F/g, '%7F'),
        trace: String(error.stack).replace(/\x7F/g, '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function runtimeError(type, message, cause) {
  const e = new Error(message);
  e.name = type;
  if (cause && cause.stack) e.stack = type + ': ' + message + '\n' + String(cause.stack).split('\n').slice(1).join('\n');
  return e;
}

// ---- loading the handler, as the Lambda runtime resolves "dir/module.fn" ----

async function loadHandler() {
  const slash = handlerString.lastIndexOf('/');
  const moduleRoot = slash >= 0 ? handlerString.slice(0, slash) : '';
  const moduleAndHandler = slash >= 0 ? handlerString.slice(slash + 1) : handlerString;
  const dot = moduleAndHandler.indexOf('.');
  if (dot <= 0 || dot === moduleAndHandler.length - 1) {
    throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler ' + handlerString +
      ' (expected FILE.FUNCTION, e.g. src/validate.handler for the export `handler` of src/validate.js)');
  }
  const moduleName = moduleAndHandler.slice(0, dot);
  const handlerPath = moduleAndHandler.slice(dot + 1);
  const base = path.resolve(taskRoot, moduleRoot, moduleName);
  const candidates = [base + '.js', base + '.mjs', base + '.cjs'];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) {
    throw runtimeError('Runtime.ImportModuleError',
      "Error: Cannot find module '" + path.join(moduleRoot, moduleName) + "' (looked for " + candidates.join(', ') +
      '; check the function\'s "handler" and "codeDir")');
  }
  let mod;
  try {
    if (file.endsWith('.mjs')) {
      mod = await import(pathToFileURL(file).href);
    } else {
      try {
        mod = require(file);
      } catch (e) {
        if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
          mod = await import(pathToFileURL(file).href);
        } else {
          throw e;
        }
      }
    }
  } catch (e) {
    if (e instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', String(e), e);
    if (e && e.code === 'MODULE_NOT_FOUND') throw runtimeError('Runtime.ImportModuleError', String(e), e);
    throw e;  // the module's own init code threw: reported as that error
  }
  let fn = mod;
  for (const part of handlerPath.split('.')) {
    fn = fn == null ? undefined : fn[part];
  }
  if (fn === undefined && mod && mod.default && typeof mod.default === 'object') {
    fn = handlerPath.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod.default);
  }
  if (fn === undefined || fn === null) {
    const exported = mod && typeof mod === 'object' ? Object.keys(mod) : [];
    throw runtimeError('Runtime.HandlerNotFound', moduleName + '.' + handlerPath + ' is undefined or not exported' +
      ' (' + file + ' exports: ' + (exported.length ? exported.join(', ') : 'nothing') + ')');
  }
  if (typeof fn !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', moduleName + '.' + handlerPath + ' is not a function');
  }
  return fn;
}

// ---- one invocation ----

function makeContext(request, done) {
  const deadline = Number(request.deadline);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST',
    invokedFunctionArn: request.arn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: request.id,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    succeed: (result) => done(null, result),
    fail: (error) => done(error == null ? 'handled' : error),
    done: (error, result) => done(error, result),
  };
}

function runHandler(handler, request) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (error, result) => {
      if (settled) return;
      settled = true;
      resolve([error, result]);
    };
    const context = makeContext(request, done);
    const callback = (error, result) => done(error === undefined ? null : error, result);
    try {
      const returned = handler(request.event, context, callback);
      if (returned && typeof returned.then === 'function') {
        returned.then((value) => done(null, value),
                      (error) => done(error === undefined || error === null ? new Error('handled') : error));
      } else if (handler.length < 3) {
        // Not callback-style and not async: the return value is the result.
        done(null, returned);
      }
    } catch (error) {
      done(error === undefined || error === null ? new Error('handled') : error);
    }
  });
}

let current = null;  // id of the invocation in progress

function fatal(error) {
  const id = current || '-';
  try {
    endLogs(id);
    send('F', id, JSON.stringify(errorDocument(error)));
  } finally {
    process.exit(129);
  }
}

process.on('uncaughtException', (error) => {
  console.error('Uncaught Exception', error);
  fatal(error);
});
process.on('unhandledRejection', (reason) => {
  const error = runtimeError('Runtime.UnhandledPromiseRejection', String(isError(reason) ? reason.name + ': ' + reason.message : reason),
                             isError(reason) ? reason : undefined);
  console.error('Unhandled Promise Rejection', error);
  fatal(error);
});

async function main() {
  let handler = null;
  let initError = null;
  try {
    handler = await loadHandler();
  } catch (e) {
    initError = e;
  }
  send('I', '-', initError ? 'error' : 'ready');  // init done: the invocation clock starts now

  const queue = [];
  let busy = false;
  let buffered = '';

  async function pump() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const line = queue.shift();
      let request;
      try {
        request = JSON.parse(line);
      } catch (e) {
        fatal(runtimeError('Runtime.InvalidRequest', 'stepwise worker got a malformed request line: ' + e.message));
        return;
      }
      current = request.id;
      if (initError) {
        console.error(initError.stack || String(initError));
        endLogs(request.id);
        send('F', request.id, JSON.stringify(errorDocument(initError)));
        process.exit(1);
      }
      const [error, result] = await runHandler(handler, request);
      let kind;
      let text;
      if (error !== null && error !== undefined) {
        kind = 'E';
        text = JSON.stringify(errorDocument(error));
      } else {
        try {
          text = JSON.stringify(result === undefined ? null : result);
          kind = 'R';
        } catch (e) {
          kind = 'E';
          text = JSON.stringify(errorDocument(runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body', e)));
        }
        if (text === undefined) {  // a function or symbol
          text = 'null';
        }
      }
      endLogs(request.id);
      send(kind, request.id, text);
      current = null;
    }
    busy = false;
  }

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.length) queue.push(line);
    }
    pump();
  });
  process.stdin.on('end', () => process.exit(0));
}

main();
