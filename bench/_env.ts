console.log(JSON.stringify(process.env.NODE_OPTIONS), process.execArgv)
