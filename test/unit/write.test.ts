import * as assert from 'node:assert/strict';
import { readStep } from '../../src/core/lesson/katacoda';
import { applyWrite, preBlockOf, workPath } from '../../src/core/lesson/write';

// Katacoda's copy-to-editor blocks, written here in the shapes its documentation describes
// (class "file", data-filename, data-target replace/append/insert, data-marker).
describe('lessons: copy-to-editor blocks become Write to file actions', () => {
  it('reads the block: file, mode, marker, and the content with HTML character references decoded', () => {
    assert.deepEqual(
      preBlockOf('<pre class="file" data-filename="app.js" data-target="replace">\nif (a &lt; b &amp;&amp; c) log(&#x22;x&#x22;, &#39;y&#39;)\n</pre>'),
      {
        file: 'app.js',
        mode: 'replace',
        content: 'if (a < b && c) log("x", \'y\')\n',
      },
    );
    assert.deepEqual(preBlockOf(`<pre data-target='insert' data-marker="#TODO-insert" class="file wide" data-filename="/root/src/app.js">x()\n</pre>`), {
      file: 'src/app.js',
      mode: 'insert',
      marker: '#TODO-insert',
      content: 'x()\n',
    });
    assert.equal(preBlockOf('<pre>\n&lt;pre class="file"&gt; is how it is written\n</pre>'), undefined, 'a plain <pre> is text');
    // Without a file to write to, the same class is Katacoda's copy-to-clipboard block.
    assert.deepEqual(preBlockOf('<pre class="file" data-target="clipboard">kubectl get pods\n</pre>'), { copy: 'kubectl get pods' });
    assert.deepEqual(preBlockOf('<pre class="file">\necho &#x22;hi&#x22;\n</pre>'), { copy: 'echo "hi"' });
  });

  it('refuses a block it cannot write, saying why', () => {
    assert.match(preBlockOf('<pre class="file" data-filename="/etc/hosts">x</pre>') as string, /not a file in the lesson's working folder/);
    assert.match(preBlockOf('<pre class="file" data-filename="../up.txt">x</pre>') as string, /not a file in the lesson's working folder/);
    assert.match(
      preBlockOf('<pre class="file" data-filename="a" data-target="upend">x</pre>') as string,
      /expected replace, append, prepend, insert or clipboard/,
    );
    assert.match(preBlockOf('<pre class="file" data-filename="a" data-target="insert">x</pre>') as string, /needs a data-marker/);
    assert.deepEqual(['~/x/y', '/home/scrapbook/tutorial/a.txt', 'rel/b', '/usr/bin/c'].map(workPath), ['x/y', 'tutorial/a.txt', 'rel/b', undefined]);
  });

  it('replaces, appends and prepends (on lines of their own), and inserts in place of the marker; an insert without its marker is an error', () => {
    const w = (mode: 'replace' | 'append' | 'prepend' | 'insert', content: string, marker?: string) => ({
      file: 'app.js',
      mode,
      content,
      ...(marker ? { marker } : {}),
    });
    assert.deepEqual(applyWrite('b\n', w('prepend', 'a')), { text: 'a\nb\n' });
    assert.deepEqual(applyWrite(undefined, w('replace', 'a\n')), { text: 'a\n' });
    assert.deepEqual(applyWrite('old\n', w('replace', 'new\n')), { text: 'new\n' });
    assert.deepEqual(applyWrite('one', w('append', 'two\n')), { text: 'one\ntwo\n' });
    assert.deepEqual(applyWrite(undefined, w('append', '#TODO\n')), { text: '#TODO\n' });
    assert.deepEqual(applyWrite('a\n#TODO\nb\n', w('insert', 'x()', '#TODO')), { text: 'a\nx()\nb\n' });
    assert.match((applyWrite('a\n', w('insert', 'x', '#TODO')) as { error: string }).error, /app\.js has no "#TODO" to insert at/);
  });

  it('a page: the copy-to-editor block is an action beside the other commands, a broken one is an error on its line', () => {
    const page = [
      'Create the app:',
      '',
      '<pre class="file" data-filename="app.js" data-target="replace">',
      'console.log("hi")',
      '</pre>',
      '',
      'Run it: `node app.js`{{execute}}',
      '',
      '<pre class="file" data-filename="/var/x" data-target="append">nope</pre>',
    ].join('\n');
    const r = readStep(page, 'step1.md');
    assert.deepEqual(
      r.step.actions.map((a) => (a.type === 'write' ? `write ${a.mode} ${a.file} ${JSON.stringify(a.content)}` : a.type === 'execute' ? a.command : a.type)),
      ['write replace app.js "console.log(\\"hi\\")\\n"', 'node app.js'],
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, /data-filename="\/var\/x" is not a file in the lesson's working folder/.test(e.message)]),
      [[9, true]],
    );
  });
});
